package dev.strangler.yaml;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What was wrong in a YAML file a person wrote, in the file's words: the key or value written and what is allowed
 * there, never Jackson's wording with Java class names. The route file, the CDC plan and the feature plan are read
 * with Jackson; each reader says where (line, path) and lets this say what.
 */
public final class YamlMessages {

    private YamlMessages() {}

    /**
     * What was wrong: {@code unknown key 'timout'; allowed here: credential, strip-prefix, timeout, url}, {@code
     * expected a number (was 'lots')}.
     *
     * @param keyName how the reader names a record's component in its files (kebab-case, or as it is)
     */
    public static String described(DatabindException e, UnaryOperator<String> keyName) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> allowed = new ArrayList<>();
            if (unknown.getKnownPropertyIds() != null) {
                unknown.getKnownPropertyIds().forEach(id -> allowed.add(String.valueOf(id)));
            }
            allowed.sort(null);
            return "unknown key '" + unknown.getPropertyName() + "'"
                    + (allowed.isEmpty() ? "" : "; allowed here: " + String.join(", ", allowed));
        }
        if (e instanceof InvalidFormatException format) {
            String kind = kind(format.getTargetType(), keyName);
            String why = readersReason(e.getOriginalMessage());
            if (kind == null) {
                return "not a valid value (was '" + format.getValue() + "')" + (why == null ? "" : ": " + why);
            }
            return "expected " + kind + " (was '" + format.getValue() + "')";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            String kind = kind(mismatch.getTargetType(), keyName);
            return "expected " + (kind == null ? "another kind of value" : kind);
        }
        return e.getOriginalMessage();
    }

    /**
     * The reason a reader's own value parser gave (a duration reader's "not a duration such as 500ms"), which Jackson
     * puts after the value it quotes; null when there is none.
     */
    private static String readersReason(String message) {
        int at = message == null ? -1 : message.lastIndexOf("\": ");
        return at < 0 ? null : message.substring(at + 3);
    }

    /** Record components in kebab-case ({@code stripPrefix} as {@code strip-prefix}), the files' usual naming. */
    public static String kebab(String name) {
        return name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** Where in the file, as {@code features[0].steps[2].bake}; {@code (top)} for the document itself. */
    public static String path(DatabindException e) {
        StringBuilder out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "(top)" : out.toString();
    }

    /** What a person writes for a value of this type; null when there is no plain way to say it. */
    private static String kind(Class<?> type, UnaryOperator<String> keyName) {
        if (type == null) {
            return null;
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list, e.g. [a, b]";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a map of names to values";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isRecord()) {
            List<String> keys = new ArrayList<>();
            for (var component : type.getRecordComponents()) {
                JsonProperty named = component.getAnnotation(JsonProperty.class);
                keys.add(named != null ? named.value() : keyName.apply(component.getName()));
            }
            return "a map of keys (" + String.join(", ", keys) + ")";
        }
        return null;
    }
}
