package dev.strangler.gateway.client;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;

/**
 * The header a trusted proxy names the hops of a request in, nearest last: the one the load balancer
 * writes ({@code strangler.forwarded-header}). Only one is read: a header the balancer does not touch
 * reaches the gateway exactly as the caller wrote it, so reading it would let the caller choose its
 * address. Every line of the header counts, in order, as one list (RFC 9110, section 5.3); empty list
 * elements are skipped (section 5.6.1).
 */
public enum ForwardedHeader {

    /** {@code X-Forwarded-For: client, proxy1, proxy2}: what most load balancers append to. */
    X_FORWARDED_FOR("X-Forwarded-For") {
        @Override
        List<String> nodes(HttpHeaders headers) {
            return elements(headers.get(headerName()));
        }
    },

    /** RFC 7239 {@code Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"}: the {@code for} of each element. */
    FORWARDED("Forwarded") {
        @Override
        List<String> nodes(HttpHeaders headers) {
            List<String> nodes = new ArrayList<>();
            for (String element : elements(headers.get(headerName()))) {
                nodes.add(forParameter(element));
            }
            return nodes;
        }
    };

    private final String headerName;

    ForwardedHeader(String headerName) {
        this.headerName = headerName;
    }

    public String headerName() {
        return headerName;
    }

    /** The node of each hop, left (farthest) to right (nearest); null for a hop that names none. */
    abstract List<String> nodes(HttpHeaders headers);

    /**
     * The address of a node as either header writes it: {@code 192.0.2.7}, {@code 192.0.2.7:4711},
     * {@code 2001:db8::17}, {@code [2001:db8::17]:4711}, quoted or not. Null for anything else
     * ({@code unknown}, an obfuscated {@code _name}, a host name, garbage), never a DNS lookup.
     */
    static InetAddress address(String node) {
        if (node == null) {
            return null;
        }
        String n = node.trim();
        if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) {
            n = n.substring(1, n.length() - 1).trim();
        }
        if (n.startsWith("[")) {
            int close = n.indexOf(']');
            String inside = close < 0 ? "" : n.substring(1, close);
            return inside.contains(":") && isPortOrNothing(n.substring(close + 1))
                    ? AddressRange.literal(inside)
                    : null;
        }
        int colon = n.indexOf(':');
        if (colon >= 0 && colon == n.lastIndexOf(':')) { // IPv4 with a port
            InetAddress address =
                    isPortOrNothing(n.substring(colon)) ? AddressRange.literal(n.substring(0, colon)) : null;
            return address != null && address.getAddress().length == 4 ? address : null;
        }
        return AddressRange.literal(n);
    }

    private static boolean isPortOrNothing(String rest) {
        return rest.isEmpty() || rest.matches(":[0-9]{1,5}");
    }

    /** The {@code for} parameter's value of one Forwarded element, or null when it has none. */
    private static String forParameter(String element) {
        for (String pair : split(element, ';')) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                return pair.substring(eq + 1).trim();
            }
        }
        return null;
    }

    private static List<String> elements(List<String> lines) {
        List<String> elements = new ArrayList<>();
        if (lines != null) {
            for (String line : lines) {
                for (String element : split(line, ',')) {
                    if (!element.isBlank()) {
                        elements.add(element.trim());
                    }
                }
            }
        }
        return elements;
    }

    /** Splits on {@code separator} outside quoted strings (RFC 9110 section 5.6.4, backslash escapes included). */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        return parts;
    }
}
