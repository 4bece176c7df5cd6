package dev.strangler.gateway.routing;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which of two path patterns is more specific: Spring's {@link PathPattern} order (fewer wildcards
 * and variables, then more literal text), applied with every variable renamed alike, so that
 * {@code /api/{id}} and {@code /api/{productId}} are equally specific rather than ordered by the
 * length of a variable's name.
 */
public final class PatternSpecificity {

    private static final PathPatternParser PARSER = new PathPatternParser();
    /** {@code {name}}, {@code {*name}} or {@code {name:regex}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\{(\\*)?([^}:]*)(:[^}]*)?}");

    /** Most specific first. */
    public static final Comparator<PathPattern> ORDER = Comparator.comparing(PatternSpecificity::normalised);

    private PatternSpecificity() {}

    static PathPattern normalised(PathPattern pattern) {
        Matcher m = VARIABLE.matcher(pattern.getPatternString());
        StringBuilder text = new StringBuilder();
        int n = 0;
        while (m.find()) {
            // Names of equal length, distinct within the pattern (the parser refuses a name twice).
            String name = Character.toString('a' + (n % 26)).repeat(1 + n / 26);
            n++;
            String regex = m.group(3) == null ? "" : m.group(3);
            m.appendReplacement(
                    text, Matcher.quoteReplacement("{" + (m.group(1) == null ? "" : "*") + name + regex + "}"));
        }
        m.appendTail(text);
        return PARSER.parse(text.toString());
    }
}
