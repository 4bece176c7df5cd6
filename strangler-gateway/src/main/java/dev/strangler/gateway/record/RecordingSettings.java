package dev.strangler.gateway.record;

import dev.strangler.gateway.api.RecordingRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A recording's settings, checked whole: every problem of a start request is reported at once, naming what was sent
 * and what is allowed. The lists of what is always redacted are declared here, once.
 *
 * @param redactedHeaders    header names whose values are replaced (the gateway's list, then the request's)
 * @param redactedJsonFields JSON, form and query field names whose values are replaced (likewise)
 * @param routes             the routes recorded; empty: every request
 * @param key                the key of the hash that names callers and redacted values
 */
public record RecordingSettings(
        double rate,
        int maxExchanges,
        int maxPerTemplate,
        int maxBodyBytes,
        List<String> redactedHeaders,
        List<String> redactedJsonFields,
        Set<String> routes,
        byte[] key) {

    /** Always redacted: credentials and session cookies, whatever the request adds. */
    public static final List<String> ALWAYS_REDACTED_HEADERS = List.of(
            "Authorization",
            "Proxy-Authorization",
            "Cookie",
            "Set-Cookie",
            "X-Api-Key",
            "X-Auth-Token",
            "X-Csrf-Token",
            "X-Xsrf-Token");

    /**
     * Always redacted JSON, form and query fields. A field matches by name regardless of case, {@code _} and {@code
     * -} ({@code access_token} is {@code accessToken}).
     */
    public static final List<String> ALWAYS_REDACTED_FIELDS =
            List.of("password", "secret", "token", "apiKey", "email", "cardNumber", "pan", "cvv", "cvc", "iban");

    /**
     * Of the fields always redacted, those that also match as the end of a name ({@code newPassword}, {@code
     * clientSecret}, {@code refresh_token}, {@code sessionToken}): a secret under a name nobody listed still goes.
     */
    static final List<String> REDACTED_AS_SUFFIX = List.of("password", "secret", "token");

    public static final double DEFAULT_RATE = 1.0;
    public static final int DEFAULT_MAX_EXCHANGES = 1_000;
    public static final int DEFAULT_MAX_PER_TEMPLATE = 100;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** The most exchanges one recording keeps, whatever memory allows: the admin API hands them out in one answer. */
    public static final int MOST_EXCHANGES = 20_000;
    /** The largest body limit: a recording is a contract, not an archive of uploads. */
    public static final int MOST_BODY_BYTES = 1024 * 1024;

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int MIN_KEY_BYTES = 16;

    /**
     * The settings a start request asks for, with defaults for what it leaves out.
     *
     * @param memoryBudget the bytes the kept bodies may take at most (two per exchange, each up to the body limit)
     * @param knownRoutes  the route ids of the live table, to check {@code routes} against
     * @throws IllegalArgumentException naming every problem
     */
    public static RecordingSettings of(RecordingRequest r, long memoryBudget, Collection<String> knownRoutes) {
        List<String> problems = new ArrayList<>();
        double rate = r.rate() == null ? DEFAULT_RATE : r.rate();
        if (!(rate >= 0 && rate <= 1)) {
            problems.add("rate must be between 0 and 1 (was " + r.rate() + ")");
        }
        int maxBodyBytes = r.maxBodyBytes() == null ? DEFAULT_MAX_BODY_BYTES : r.maxBodyBytes();
        int maxExchanges =
                r.maxExchanges() == null ? defaultMaxExchanges(maxBodyBytes, memoryBudget) : r.maxExchanges();
        if (maxExchanges < 1 || maxExchanges > MOST_EXCHANGES) {
            problems.add("maxExchanges must be between 1 and " + MOST_EXCHANGES + " (was " + maxExchanges + ")");
        }
        int maxPerTemplate = r.maxPerTemplate() == null
                ? Math.min(DEFAULT_MAX_PER_TEMPLATE, Math.max(1, maxExchanges))
                : r.maxPerTemplate();
        if (maxPerTemplate < 1 || maxPerTemplate > Math.max(1, maxExchanges)) {
            problems.add("maxPerTemplate must be between 1 and maxExchanges " + maxExchanges + " (was " + maxPerTemplate
                    + ")");
        }
        if (maxBodyBytes < 0 || maxBodyBytes > MOST_BODY_BYTES) {
            problems.add("maxBodyBytes must be between 0 and " + MOST_BODY_BYTES + " (was " + maxBodyBytes + ")");
        } else if (problems.isEmpty() && 2L * maxBodyBytes * maxExchanges > memoryBudget) {
            problems.add("maxExchanges " + maxExchanges + " with maxBodyBytes " + maxBodyBytes + " could take "
                    + mib(2L * maxBodyBytes * maxExchanges) + " (a request and a response body each), more than the "
                    + mib(memoryBudget) + " a recording may take of this gateway's heap; lower either");
        }
        List<String> headers = names(ALWAYS_REDACTED_HEADERS, r.redactHeaders(), "redactHeaders", problems);
        for (String h : headers) {
            if (!HEADER_NAME.matcher(h).matches()) {
                problems.add("redactHeaders: '" + h + "' is not a header name (letters, digits and !#$%&'*+.^_`|~-)");
            }
        }
        List<String> fields = names(ALWAYS_REDACTED_FIELDS, r.redactJsonFields(), "redactJsonFields", problems);
        Set<String> routes = new LinkedHashSet<>();
        if (r.routes() != null) {
            for (String id : r.routes()) {
                if (id == null || !knownRoutes.contains(id)) {
                    problems.add("routes: unknown route '" + id + "'; routes: " + List.copyOf(knownRoutes));
                } else {
                    routes.add(id);
                }
            }
        }
        byte[] key = key(r.callerKey(), problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the recording is not started: " + String.join("; ", problems));
        }
        return new RecordingSettings(
                rate, maxExchanges, maxPerTemplate, maxBodyBytes, headers, fields, Set.copyOf(routes), key);
    }

    /**
     * {@value #DEFAULT_MAX_EXCHANGES}, or fewer when that many could take more than the budget: a request that leaves
     * the number out gets what fits this gateway's heap, one that asks for more than fits is refused.
     */
    private static int defaultMaxExchanges(int maxBodyBytes, long memoryBudget) {
        if (maxBodyBytes <= 0) {
            return DEFAULT_MAX_EXCHANGES;
        }
        long fit = memoryBudget / (2L * maxBodyBytes);
        return (int) Math.max(1, Math.min(DEFAULT_MAX_EXCHANGES, fit));
    }

    /** The name as fields are matched: lower case, without {@code _} and {@code -}. */
    static String fieldKey(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    private static List<String> names(List<String> always, List<String> added, String what, List<String> problems) {
        List<String> out = new ArrayList<>(always);
        if (added != null) {
            for (String name : added) {
                if (name == null || name.isBlank()) {
                    problems.add(what + " may not hold a blank name");
                } else if (out.stream().noneMatch(n -> n.equalsIgnoreCase(name.strip()))) {
                    out.add(name.strip());
                }
            }
        }
        return List.copyOf(out);
    }

    private static byte[] key(String base64, List<String> problems) {
        if (base64 == null) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return key;
        }
        try {
            byte[] key = Base64.getDecoder().decode(base64);
            if (key.length >= MIN_KEY_BYTES) {
                return key;
            }
            problems.add("callerKey must hold at least " + MIN_KEY_BYTES + " bytes (was " + key.length + ")");
        } catch (IllegalArgumentException e) {
            problems.add("callerKey must be base64 (" + e.getMessage() + ")");
        }
        return null;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
