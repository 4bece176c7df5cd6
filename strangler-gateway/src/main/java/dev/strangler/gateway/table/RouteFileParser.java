package dev.strangler.gateway.table;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads route-file YAML into a {@link RouteFile}; syntax and type errors name the line and the field. */
public final class RouteFileParser {

    /** A parsed file with the line of each of its values. */
    public record Parsed(RouteFile file, YamlLines lines) {}

    private final YAMLMapper yaml = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public Parsed parse(String source, String text) {
        if (text == null || text.isBlank()) {
            throw new RouteTableException(source, List.of("the file is empty: it needs at least 'monolith: <url>'"));
        }
        refuseAnchorsAndAliases(source, text);
        try {
            RouteFile file = yaml.readValue(text, RouteFile.class);
            return new Parsed(file, new YamlLines(text));
        } catch (DatabindException e) {
            // The line of the offending key when the document is well-formed; Jackson's position otherwise.
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            try {
                int keyLine = new YamlLines(text).lineOf(path(e));
                line = keyLine > 0 ? keyLine : line;
            } catch (RuntimeException notYaml) {
                // keep Jackson's position
            }
            throw new RouteTableException(source, List.of("line " + line + ": " + path(e) + ": " + described(e)));
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new RouteTableException(
                    source, List.of("line " + line + ": not valid YAML: " + e.getOriginalMessage()));
        } catch (RuntimeException e) {
            throw new RouteTableException(source, List.of("not valid YAML: " + e.getMessage()));
        }
    }

    /**
     * A route file needs no anchors or aliases, and aliases of aliases let a few hundred bytes stand for
     * billions of values (anything that walks the document as a tree, as the line numbering does, would
     * exhaust memory). So the first one found is refused with its line, on the event stream, which never
     * expands them.
     */
    private static void refuseAnchorsAndAliases(String source, String text) {
        try {
            for (Event event : new Yaml(new LoaderOptions()).parse(new StringReader(text))) {
                if (event instanceof NodeEvent node && (node instanceof AliasEvent || node.getAnchor() != null)) {
                    throw new RouteTableException(
                            source,
                            List.of("line " + (event.getStartMark().getLine() + 1) + ": YAML anchors and "
                                    + "aliases (&" + node.getAnchor() + ", *" + node.getAnchor()
                                    + ") are not allowed in a route file; "
                                    + "write each value out"));
                }
            }
        } catch (YAMLException notYaml) {
            // reported with its line by the parse that follows
        }
    }

    /**
     * What was wrong, in the file's words: the key or value the user wrote and what is allowed there, never
     * Jackson's wording with Java class names.
     */
    static String described(DatabindException e) {
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
            return "expected " + kind(format.getTargetType()) + " (was '" + format.getValue() + "')";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + kind(mismatch.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
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
            return "a map of keys (" + String.join(", ", keys(type)) + ")";
        }
        return "another kind of value";
    }

    /** The YAML keys of a route-file record, kebab-case as written. */
    private static List<String> keys(Class<?> record) {
        List<String> keys = new ArrayList<>();
        for (var component : record.getRecordComponents()) {
            JsonProperty named = component.getAnnotation(JsonProperty.class);
            keys.add(
                    named != null
                            ? named.value()
                            : component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
        }
        return keys;
    }

    private static String path(DatabindException e) {
        List<String> parts = new ArrayList<>();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                parts.add((parts.isEmpty() ? "" : ".") + ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                parts.add("[" + ref.getIndex() + "]");
            }
        }
        return parts.isEmpty() ? "(top)" : String.join("", parts);
    }
}
