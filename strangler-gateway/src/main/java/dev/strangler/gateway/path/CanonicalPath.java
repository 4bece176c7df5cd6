package dev.strangler.gateway.path;

import java.util.ArrayList;
import java.util.List;

/**
 * The one spelling of a request path that the gateway decides on and forwards, so that the route
 * decision and the upstream act on the same path whatever the upstream normalises.
 *
 * <p>Rewritten (every normalising server agrees on these, RFC 3986 6.2.2 and 5.2.4):
 * <ul>
 * <li>repeated slashes are merged ({@code //api} is {@code /api}), as nginx, Tomcat and most
 * front ends do before they act;
 * <li>dot segments {@code .} and {@code ..} are removed;
 * <li>percent-encoded unreserved characters are decoded ({@code %61} is {@code a}) and the hex
 * digits of every other encoding are upper-cased ({@code %c3%a9} is {@code %C3%A9}): they are the
 * same characters to every server, and refusing them would break clients whose encoders are
 * over-eager, for no safety gained.
 * </ul>
 * Refused, because upstreams read them differently from one another and from Spring's matching:
 * <ul>
 * <li>{@code ..} climbing above the root;
 * <li>an encoded slash or backslash ({@code %2F}, {@code %5C}) and a literal backslash: nginx
 * decodes {@code %2F} into a separator, Tomcat refuses it, Spring matches it inside a segment;
 * <li>an encoded dot segment ({@code %2e}, {@code .%2E}, {@code %2e%2e}): nginx resolves it, Tomcat
 * refuses it, Express takes it as a name; no client has a reason to send one;
 * <li>{@code ;} and {@code %3B}: path parameters, which Tomcat strips, Spring drops from the match
 * and nginx keeps (and {@code %3B} becomes a {@code ;} for the next hop after nginx decodes it);
 * <li>encoded or literal control characters ({@code %00}-{@code %1F}, {@code %7F}) and malformed
 * percent-encodings.
 * </ul>
 * Case is kept as sent: whether {@code /API} is {@code /api} is up to the route file's
 * {@code case-insensitive-paths}, which changes the matching, not the path.
 */
public final class CanonicalPath {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CanonicalPath() {}

    /**
     * The canonical form of an encoded (raw) path: the same instance when it is canonical already.
     *
     * @throws AmbiguousPathException when the path cannot be made unambiguous
     */
    public static String of(String rawPath) {
        if (rawPath.isEmpty() || looksCanonical(rawPath)) {
            return rawPath;
        }
        if (rawPath.charAt(0) != '/') {
            throw new AmbiguousPathException("the path must start with '/'");
        }
        List<String> segments = new ArrayList<>();
        boolean trailingSlash = false;
        int start = 1;
        while (true) {
            int end = rawPath.indexOf('/', start);
            boolean last = end < 0;
            if (last) {
                end = rawPath.length();
            }
            String segment = segment(rawPath, start, end);
            switch (segment) {
                case "", "." -> trailingSlash = last;
                case ".." -> {
                    if (segments.isEmpty()) {
                        throw new AmbiguousPathException("the segment '..' climbs above the root");
                    }
                    segments.remove(segments.size() - 1);
                    trailingSlash = last;
                }
                default -> {
                    segments.add(segment);
                    trailingSlash = false;
                }
            }
            if (last) {
                break;
            }
            start = end + 1;
        }
        String canonical = "/" + String.join("/", segments) + (trailingSlash && !segments.isEmpty() ? "/" : "");
        return canonical.equals(rawPath) ? rawPath : canonical;
    }

    /**
     * The quick scan: no {@code %}, {@code ;}, backslash or control character, and no slash followed
     * by a slash or a dot. Most paths pass it, and then nothing is allocated.
     */
    static boolean looksCanonical(String rawPath) {
        if (rawPath.charAt(0) != '/') {
            return false;
        }
        int n = rawPath.length();
        for (int i = 0; i < n; i++) {
            char c = rawPath.charAt(i);
            if (c == '%' || c == ';' || c == '\\' || c < 0x20 || c == 0x7F) {
                return false;
            }
            if (c == '/' && i + 1 < n && (rawPath.charAt(i + 1) == '/' || rawPath.charAt(i + 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    /** One segment with its encodings normalised, or a refusal naming it. */
    private static String segment(String rawPath, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        boolean onlyDots = true;
        boolean encodedDot = false;
        for (int i = from; i < to; i++) {
            char c = rawPath.charAt(i);
            if (c == ';') {
                throw refused(rawPath, from, to, ";", "path parameters, which Tomcat strips and nginx keeps");
            }
            if (c == '\\') {
                throw refused(rawPath, from, to, "\\", "a backslash, which some servers take for a '/'");
            }
            if (c < 0x20 || c == 0x7F) {
                throw refused(rawPath, from, to, String.format("\\u%04x", (int) c), "a control character");
            }
            if (c != '%') {
                out.append(c);
                onlyDots &= c == '.';
                continue;
            }
            int hi = i + 2 < to ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(rawPath.charAt(i + 2), 16);
            if (lo < 0) {
                String bad = rawPath.substring(i, Math.min(i + 3, to));
                throw refused(rawPath, from, to, bad, "a malformed percent-encoding (a '%' needs two hex digits)");
            }
            String encoded = rawPath.substring(i, i + 3);
            int b = hi << 4 | lo;
            i += 2;
            switch (b) {
                case '/' ->
                    throw refused(rawPath, from, to, encoded, "an encoded '/', which nginx decodes into a separator");
                case '\\' ->
                    throw refused(rawPath, from, to, encoded, "an encoded '\\', which some servers take for a '/'");
                case ';' ->
                    throw refused(
                            rawPath, from, to, encoded, "an encoded ';', a path parameter once a proxy decodes it");
                default -> {
                    if (b < 0x20 || b == 0x7F) {
                        throw refused(rawPath, from, to, encoded, "an encoded control character");
                    }
                }
            }
            if (isUnreserved(b)) {
                out.append((char) b);
                onlyDots &= b == '.';
                encodedDot |= b == '.';
            } else {
                out.append('%').append(HEX[hi]).append(HEX[lo]);
                onlyDots = false;
            }
        }
        if (onlyDots && encodedDot) {
            String raw = rawPath.substring(from, to);
            throw new AmbiguousPathException(
                    "the segment '" + raw + "' is an encoded dot segment, which nginx resolves, Tomcat "
                            + "refuses and others take for a name; send the path without it");
        }
        return out.toString();
    }

    private static AmbiguousPathException refused(String rawPath, int from, int to, String part, String what) {
        return new AmbiguousPathException("'" + part + "' in the segment '" + rawPath.substring(from, to) + "' is "
                + what + "; upstreams disagree on what it means, so the gateway cannot route it");
    }

    /** RFC 3986 2.3: ALPHA / DIGIT / "-" / "." / "_" / "~". */
    private static boolean isUnreserved(int b) {
        return b >= 'a' && b <= 'z'
                || b >= 'A' && b <= 'Z'
                || b >= '0' && b <= '9'
                || b == '-'
                || b == '.'
                || b == '_'
                || b == '~';
    }
}
