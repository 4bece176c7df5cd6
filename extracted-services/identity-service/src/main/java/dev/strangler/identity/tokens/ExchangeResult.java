package dev.strangler.identity.tokens;

/** How a token exchange ended, as the {@code result} tag of the {@code identity.token.exchanges} timer. */
enum ExchangeResult {
    /** A JWT was issued for a live session. */
    ISSUED("issued"),
    /** The subject token is no live session: unknown, expired, logged out, or not a session token at all. */
    REFUSED_SESSION("refused_session"),
    /** The client may not exchange, or the request asked for what we do not do (types, actor). */
    REFUSED_REQUEST("refused_request");

    private final String tag;

    ExchangeResult(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
