package dev.strangler.playbook.replay;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** Walks JSON documents for the values a replay carries from one request to the next. */
final class JsonValues {

    private JsonValues() {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The body as JSON, or null when it is empty or not JSON. */
    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A scalar this replay can carry: a string or a whole number, as text; null for anything else. */
    static String token(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return node.asString();
        }
        return node.isIntegralNumber() ? node.asString() : null;
    }

    /**
     * An identifier field, whose value a created resource gets from the target and later requests name: {@code id},
     * {@code orderId}, {@code order_id}.
     */
    static boolean isIdentifier(String field) {
        return field != null
                && (field.equalsIgnoreCase("id")
                        || (field.length() > 2 && (field.endsWith("Id") || field.endsWith("ID")))
                        || field.toLowerCase().endsWith("_id"));
    }

    /**
     * Visits the scalars at the same place in both documents (objects by field name, lists by index) with the field
     * name they sit under (null in a list or at the root).
     */
    static void pairs(JsonNode recorded, JsonNode actual, Pair visitor) {
        pairs(null, recorded, actual, visitor);
    }

    private static void pairs(String field, JsonNode recorded, JsonNode actual, Pair visitor) {
        if (recorded == null || actual == null) {
            return;
        }
        if (recorded.isObject() && actual.isObject()) {
            recorded.properties().forEach(e -> pairs(e.getKey(), e.getValue(), actual.get(e.getKey()), visitor));
        } else if (recorded.isArray() && actual.isArray()) {
            for (int i = 0; i < Math.min(recorded.size(), actual.size()); i++) {
                pairs(field, recorded.get(i), actual.get(i), visitor);
            }
        } else if (recorded.isValueNode() && actual.isValueNode()) {
            visitor.visit(field, recorded, actual);
        }
    }

    /**
     * A copy of {@code node} with placeholders filled in its strings and every carried id in its places (a number
     * stays a number when the new value is one).
     */
    static JsonNode substitute(JsonNode node, Map<String, String> placeholders, List<CarriedId> ids) {
        return substitute(null, node, placeholders, ids);
    }

    private static JsonNode substitute(
            String field, JsonNode node, Map<String, String> placeholders, List<CarriedId> ids) {
        if (node.isObject()) {
            var copy = JsonNodeFactory.instance.objectNode();
            node.properties()
                    .forEach(e -> copy.set(e.getKey(), substitute(e.getKey(), e.getValue(), placeholders, ids)));
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(substitute(field, item, placeholders, ids)));
            return copy;
        }
        String token = token(node);
        if (token == null) {
            return node;
        }
        for (CarriedId id : ids) {
            if (id.at(field, token)) {
                return node.isIntegralNumber() && id.now().matches("-?\\d+")
                        ? JsonNodeFactory.instance.numberNode(new BigInteger(id.now()))
                        : JsonNodeFactory.instance.stringNode(id.now());
            }
        }
        if (node.isString()) {
            String filled = CarriedId.inLink(Placeholders.fill(token, placeholders), ids);
            return filled.equals(token) ? node : JsonNodeFactory.instance.stringNode(filled);
        }
        return node;
    }

    /** Visits every scalar below {@code node} with the field it sits under (a list's items under the list's field). */
    static void scalars(JsonNode node, Pair visitor) {
        scalars(null, node, visitor);
    }

    private static void scalars(String field, JsonNode node, Pair visitor) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.properties().forEach(e -> scalars(e.getKey(), e.getValue(), visitor));
        } else if (node.isArray()) {
            node.forEach(item -> scalars(field, item, visitor));
        } else {
            visitor.visit(field, node, node);
        }
    }

    @FunctionalInterface
    interface Pair {
        void visit(String field, JsonNode recorded, JsonNode actual);
    }
}
