package dev.strangler.playbook.contract.check;

import dev.strangler.playbook.contract.http.ApiResponse;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A JSON object inside a response, read field by field with the types API.md promises. Each reader
 * fails with a {@link ContractViolation} naming the JSON path ({@code $.items[0].price}), the
 * expected type and the value that came back.
 */
public final class Fields {

    private final ApiResponse response;
    private final String path;
    private final JsonNode node;

    private Fields(ApiResponse response, String path, JsonNode node) {
        this.response = response;
        this.path = path;
        this.node = node;
    }

    /** The response body, which must be a JSON object. */
    public static Fields body(ApiResponse response) {
        return object(response, "$", response.json());
    }

    /** The response body, which must be a JSON array of objects. */
    public static List<Fields> arrayBody(ApiResponse response) {
        return objects(response, "$", response.json());
    }

    /** An integral JSON number (ids, quantities, counts). */
    public long integer(String name) {
        JsonNode value = field(name);
        if (!value.isIntegralNumber()) {
            throw mismatch(name, "an integral JSON number", value);
        }
        return value.longValue();
    }

    /** A JSON string (may be empty). */
    public String string(String name) {
        JsonNode value = field(name);
        if (!value.isString()) {
            throw mismatch(name, "a JSON string", value);
        }
        return value.stringValue();
    }

    /** A JSON string with at least one non-blank character. */
    public String text(String name) {
        String value = string(name);
        if (value.isBlank()) {
            throw mismatch(name, "a non-blank string", field(name));
        }
        return value;
    }

    /** A JSON boolean. */
    public boolean bool(String name) {
        JsonNode value = field(name);
        if (!value.isBoolean()) {
            throw mismatch(name, "a JSON boolean", value);
        }
        return value.booleanValue();
    }

    /** Money: a non-negative JSON number with at most two decimals ({@code 12.90}), never a string. */
    public BigDecimal money(String name) {
        JsonNode value = field(name);
        if (!value.isNumber()) {
            throw mismatch(name, "money as a JSON number", value);
        }
        BigDecimal amount = value.decimalValue();
        if (amount.signum() < 0 || amount.stripTrailingZeros().scale() > 2) {
            throw mismatch(name, "a non-negative amount with at most two decimals", value);
        }
        return amount;
    }

    /** An ISO-8601 UTC timestamp string ({@code 2026-11-28T17:35:20.123Z}). */
    public Instant timestamp(String name) {
        JsonNode value = field(name);
        if (value.isString()) {
            try {
                OffsetDateTime parsed =
                        OffsetDateTime.parse(value.stringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                if (parsed.getOffset().equals(ZoneOffset.UTC)) {
                    return parsed.toInstant();
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw mismatch(name, "an ISO-8601 UTC timestamp string", value);
    }

    /** A field that must be present and {@code null} or a timestamp; {@code null} when it is {@code null}. */
    public Instant nullableTimestamp(String name) {
        return field(name).isNull() ? null : timestamp(name);
    }

    /** A nested JSON object. */
    public Fields object(String name) {
        return object(response, path + "." + name, field(name));
    }

    /** A JSON array of objects. */
    public List<Fields> objects(String name) {
        return objects(response, path + "." + name, field(name));
    }

    /** A JSON array of any values. */
    public List<JsonNode> array(String name) {
        JsonNode value = field(name);
        if (!value.isArray()) {
            throw mismatch(name, "a JSON array", value);
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    /** Whether the object has the field at all (even as {@code null}). */
    public boolean has(String name) {
        return node.has(name);
    }

    /** The response this object came from. */
    public ApiResponse response() {
        return response;
    }

    /** Fails unless {@code condition} holds, naming this object's path and the response. */
    public void require(boolean condition, String expected, Object actual) {
        if (!condition) {
            throw ContractViolation.in(response, path + ": " + expected, String.valueOf(actual));
        }
    }

    private JsonNode field(String name) {
        if (!node.has(name)) {
            throw ContractViolation.in(response, path + "." + name + " to be present", "no such field");
        }
        return node.get(name);
    }

    private ContractViolation mismatch(String name, String expected, JsonNode value) {
        return ContractViolation.in(response, path + "." + name + " to be " + expected, show(value));
    }

    private static String show(JsonNode value) {
        String text = String.valueOf(value);
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private static Fields object(ApiResponse response, String path, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ContractViolation.in(
                    response, path + " to be a JSON object", node == null ? "no JSON body" : show(node));
        }
        return new Fields(response, path, node);
    }

    private static List<Fields> objects(ApiResponse response, String path, JsonNode node) {
        if (node == null || !node.isArray()) {
            throw ContractViolation.in(
                    response, path + " to be a JSON array", node == null ? "no JSON body" : show(node));
        }
        List<Fields> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(object(response, path + "[" + i + "]", node.get(i)));
        }
        return items;
    }
}
