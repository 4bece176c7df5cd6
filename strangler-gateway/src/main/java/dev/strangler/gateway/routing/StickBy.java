package dev.strangler.gateway.routing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a request's stick-by key comes from: {@code header:NAME}, {@code cookie:NAME},
 * {@code query:NAME}, {@code jwt-claim:NAME} (read from an {@code Authorization: Bearer} JWT,
 * unverified: it only picks a bucket), or {@code client-ip}.
 */
public record StickBy(Kind kind, String name) {

    public enum Kind {
        HEADER,
        COOKIE,
        QUERY,
        JWT_CLAIM,
        CLIENT_IP
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Parses {@code kind:name}; throws IllegalArgumentException with the accepted forms. */
    public static StickBy parse(String spec) {
        String s = spec.trim();
        if (s.equals("client-ip")) {
            return new StickBy(Kind.CLIENT_IP, null);
        }
        int colon = s.indexOf(':');
        if (colon > 0 && colon < s.length() - 1) {
            String name = s.substring(colon + 1).trim();
            switch (s.substring(0, colon).toLowerCase(Locale.ROOT)) {
                case "header":
                    return new StickBy(Kind.HEADER, name);
                case "cookie":
                    return new StickBy(Kind.COOKIE, name);
                case "query":
                    return new StickBy(Kind.QUERY, name);
                case "jwt-claim":
                    return new StickBy(Kind.JWT_CLAIM, name);
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(
                "'" + spec + "' is not a stick-by key: use header:NAME, cookie:NAME, query:NAME, "
                        + "jwt-claim:NAME or client-ip");
    }

    /** The key's value in this request, or null when the request does not carry it. */
    public String extract(RequestFacts request) {
        String value = switch (kind) {
            case HEADER -> request.header(name);
            case COOKIE -> request.cookie(name);
            case QUERY -> request.query(name);
            case CLIENT_IP -> request.clientIp();
            case JWT_CLAIM -> jwtClaim(request.header("Authorization"), name);
        };
        return value == null || value.isEmpty() ? null : value;
    }

    static String jwtClaim(String authorization, String claim) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode payload =
                    JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode value = payload.get(claim);
            return value == null || value.isNull() ? null : value.asText();
        } catch (RuntimeException e) {
            return null; // not a JWT: no key
        }
    }

    @Override
    public String toString() {
        return kind == Kind.CLIENT_IP
                ? "client-ip"
                : kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + ":" + name;
    }
}
