package dev.strangler.identity.sessions;

/** The token of an {@code Authorization: Bearer <token>} header, as the monolith reads it. */
public final class BearerToken {

    private BearerToken() {}

    /** The token, or null when the header is missing, of another scheme, or blank. */
    public static String of(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
