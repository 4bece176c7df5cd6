package dev.strangler.catalog.errors;

import org.springframework.http.HttpStatus;

/**
 * A failure the API reports to the app: its HTTP status, a stable machine-readable {@code code}
 * and a human title. Rendered as a problem detail by {@link ProblemHandler}; the codes, titles and
 * details the monolith also has are worded exactly as it words them, because the gateway compares.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String title;

    public ApiException(HttpStatus status, String code, String title, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", "Not found", what + " does not exist");
    }

    public static ApiException unauthenticated(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    /** The monolith, which holds the sessions, did not answer (refused, reset, timed out). */
    public static ApiException authUnavailable() {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "auth_unavailable",
                "Authentication unavailable",
                "The session could not be checked: the session service did not answer; retry later");
    }

    /** The monolith answered, but not with a user or a 401. */
    public static ApiException authUpstreamError(String why) {
        return new ApiException(
                HttpStatus.BAD_GATEWAY,
                "auth_upstream_error",
                "Authentication failed upstream",
                "The session could not be checked: " + why);
    }
}
