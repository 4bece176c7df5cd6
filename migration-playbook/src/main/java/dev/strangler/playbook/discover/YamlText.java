package dev.strangler.playbook.discover;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Values written into the drafts' YAML. The drafts are written as text, not through a YAML generator, because
 * their comments (what to fill in, what each route saw, what to fix) are half their worth and Jackson's YAML
 * writer cannot write comments. A value is written plain only when YAML reads it back as the same string;
 * anything else (a {@code {id}} pattern, {@code ${VAR}}, a name with a space, {@code yes}) is double-quoted,
 * as a JSON string, which is valid YAML.
 */
public final class YamlText {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> WORDS_YAML_READS_AS_OTHER_THINGS =
            Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n", "~");

    private YamlText() {}

    /** {@code value} as a YAML scalar that reads back as exactly {@code value}. */
    public static String scalar(String value) {
        if (value.matches("[A-Za-z_/][A-Za-z0-9_./-]*")
                && !value.matches("[0-9.]+")
                && !WORDS_YAML_READS_AS_OTHER_THINGS.contains(value.toLowerCase(Locale.ROOT))) {
            return value;
        }
        return JSON.writeValueAsString(value);
    }

    /** A flow sequence of scalars: {@code [a, "b c"]}. */
    public static String list(List<String> values) {
        return values.stream().map(YamlText::scalar).collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code text} on one comment line: line breaks a message may carry would end the comment early. */
    public static String comment(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
