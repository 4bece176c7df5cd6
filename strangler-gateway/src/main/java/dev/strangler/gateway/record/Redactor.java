package dev.strangler.gateway.record;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces secrets by placeholders before a recorded exchange is kept: {@code «redacted:<id>»}, where the id is a
 * keyed hash of the secret, so the same secret reads the same wherever it appears (the token a login answered, the
 * {@code Bearer} header of later requests) and on every replica given the same key, while nothing of it can be
 * recovered without the key, which is never stored. {@code Authorization}: only the credential after the scheme;
 * {@code Cookie} and {@code Set-Cookie}: each cookie's value, names and attributes kept; other redacted headers: the
 * whole value; JSON fields at any depth, form fields and query parameters: the value.
 */
final class Redactor {

    static final String PLACEHOLDER_START = "«redacted:";
    static final String PLACEHOLDER_END = "»";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization");

    private final SecretKeySpec key;
    private final Set<String> headers;
    private final Set<String> fields;

    Redactor(RecordingSettings settings) {
        this.key = new SecretKeySpec(settings.key(), "HmacSHA256");
        this.headers = settings.redactedHeaders().stream()
                .map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.fields = settings.redactedJsonFields().stream()
                .map(RecordingSettings::fieldKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** {@code c-<12 hex>}: the caller named by a keyed hash of what identifies it ({@code kind}: credential, device, address). */
    String caller(String kind, String value) {
        return "c-" + hash(kind + ":" + value).substring(0, 12);
    }

    String placeholder(String secret) {
        return PLACEHOLDER_START + hash("value:" + secret).substring(0, 16) + PLACEHOLDER_END;
    }

    boolean redactsHeader(String name) {
        return headers.contains(name.toLowerCase(Locale.ROOT));
    }

    boolean redactsField(String name) {
        String key = RecordingSettings.fieldKey(name);
        return fields.contains(key)
                || RecordingSettings.REDACTED_AS_SUFFIX.stream().anyMatch(key::endsWith);
    }

    /** The header's value with its secret replaced, or as it is when the header is not redacted. */
    String header(String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!headers.contains(lower) || value == null || value.isEmpty()) {
            return value;
        }
        if (CREDENTIAL_HEADERS.contains(lower)) {
            int space = value.indexOf(' ');
            return space > 0
                    ? value.substring(0, space + 1)
                            + placeholder(value.substring(space + 1).strip())
                    : placeholder(value);
        }
        if (lower.equals("cookie")) {
            return pairs(value, ";", Integer.MAX_VALUE);
        }
        if (lower.equals("set-cookie")) {
            return pairs(value, ";", 1);
        }
        return placeholder(value);
    }

    /** {@code name=value} pairs split by {@code separator}, the values of the first {@code count} replaced. */
    private String pairs(String value, String separator, int count) {
        String[] parts = value.split(separator, -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int eq = part.indexOf('=');
            if (i < count && eq >= 0) {
                String cookieValue = part.substring(eq + 1).strip();
                part = part.substring(0, eq + 1) + (cookieValue.isEmpty() ? "" : placeholder(cookieValue));
            }
            out.append(i == 0 ? "" : separator).append(part);
        }
        return out.toString();
    }

    /**
     * A JSON text with the values of redacted fields replaced, at any depth; the paths replaced are added to {@code
     * redactions} as {@code <where>.$.a.b[0].c}. The text as it was when nothing was replaced.
     *
     * @throws JacksonException when the text is not JSON
     */
    String json(String text, String where, List<String> redactions) {
        JsonNode tree = JSON.readTree(text);
        int before = redactions.size();
        JsonNode redacted = redact(tree, "$", where, redactions);
        return redactions.size() == before ? text : JSON.writeValueAsString(redacted);
    }

    private JsonNode redact(JsonNode node, String path, String where, List<String> redactions) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : Set.copyOf(object.properties())) {
                String name = field.getKey();
                JsonNode value = field.getValue();
                String at = path + "." + name;
                if (redactsField(name) && !value.isNull()) {
                    object.put(
                            name, placeholder(value.isValueNode() ? value.asString() : JSON.writeValueAsString(value)));
                    note(where + "." + at, redactions);
                } else {
                    redact(value, at, where, redactions);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                redact(array.get(i), path + "[" + i + "]", where, redactions);
            }
        }
        return node;
    }

    /** {@code a=1&password=x} (a form body or a raw query) with the values of redacted fields replaced. */
    String form(String text, String where, List<String> redactions) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String[] pairs = text.split("&", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String name = decoded(pair.substring(0, eq));
                if (redactsField(name)) {
                    String value = decoded(pair.substring(eq + 1));
                    pair = pair.substring(0, eq + 1) + placeholder(value);
                    note(where + "." + name, redactions);
                }
            }
            out.append(i == 0 ? "" : "&").append(pair);
        }
        return out.toString();
    }

    /** Form-decoded; as it is when it is not validly encoded (the name is then compared as written). */
    private static String decoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    static void note(String path, List<String> redactions) {
        if (!redactions.contains(path)) {
            redactions.add(path);
        }
    }

    private String hash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
