package dev.strangler.gateway.record;

/** Why a request of the recorded traffic was not kept, as the recording's counts name it. */
public enum SkipReason {
    /** Not drawn by the sample rate. */
    SAMPLED_OUT("sampled-out"),
    /** The recording takes only some routes, not this request's. */
    ROUTE_NOT_SELECTED("route-not-selected"),
    /** Its method and path template has as many exchanges as the recording keeps per template. */
    TEMPLATE_CAP("template-cap"),
    /** The recording has as many exchanges as it keeps in all. */
    TOTAL_CAP("total-cap"),
    /** Its request or response body was larger than the recording's body limit. */
    BODY_TOO_LARGE("body-too-large"),
    /** A body in a content encoding the recording cannot read (only gzip is decoded), so it could not be redacted. */
    ENCODED_BODY("encoded-body"),
    /** A body that says it is JSON and does not parse: it could not be redacted, so it is not kept. */
    UNREADABLE_JSON("unreadable-json"),
    /** The exchange failed or was cancelled before its answer was whole. */
    FAILED("failed");

    private final String tag;

    SkipReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
