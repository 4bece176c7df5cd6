package dev.strangler.gateway.table;

import dev.strangler.yaml.YamlMessages;
import java.io.StringReader;
import java.util.List;
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
                int keyLine = new YamlLines(text).lineOf(YamlMessages.path(e));
                line = keyLine > 0 ? keyLine : line;
            } catch (RuntimeException notYaml) {
                // keep Jackson's position
            }
            throw new RouteTableException(
                    source,
                    List.of("line " + line + ": " + YamlMessages.path(e) + ": "
                            + YamlMessages.described(e, YamlMessages::kebab)));
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
}
