package dev.strangler.gateway.routing;

import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Whether route paths match regardless of letter case. The gateway must take a request for a route
 * exactly when the upstream would act on it as that route's path: nginx and Tomcat tell
 * {@code /API/admin} from {@code /api/admin} ({@link #SENSITIVE}, the default), Express by default
 * and IIS do not ({@link #INSENSITIVE}, {@code case-insensitive-paths: true} in the route file).
 * The path is forwarded as sent either way; only the matching changes.
 */
public enum PathCase {
    SENSITIVE(true),
    /** Letters compare as {@link String#equalsIgnoreCase} does, which is how Spring's patterns compare them. */
    INSENSITIVE(false);

    /** Configured here once and never handed out, so never changed. */
    private final PathPatternParser parser = new PathPatternParser();

    PathCase(boolean caseSensitive) {
        parser.setCaseSensitive(caseSensitive);
    }

    public static PathCase of(boolean caseInsensitive) {
        return caseInsensitive ? INSENSITIVE : SENSITIVE;
    }

    /** Parses a route's path pattern so that it matches with this case rule. */
    public PathPattern parse(String pattern) {
        return parser.parse(pattern);
    }

    /** Whether two literal path segments are the same segment under this rule. */
    public boolean sameLiteral(String a, String b) {
        return this == SENSITIVE ? a.equals(b) : a.equalsIgnoreCase(b);
    }

    /**
     * The key of a literal segment in the route table's prefix tree: equal for exactly the segments
     * {@link #sameLiteral} takes as equal (per character, as {@code equalsIgnoreCase} folds).
     */
    String key(String segment) {
        if (this == SENSITIVE) {
            return segment;
        }
        char[] folded = new char[segment.length()];
        for (int i = 0; i < folded.length; i++) {
            folded[i] = Character.toLowerCase(Character.toUpperCase(segment.charAt(i)));
        }
        return new String(folded);
    }
}
