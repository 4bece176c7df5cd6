package dev.strangler.gateway.table;

import dev.strangler.gateway.routing.PathCase;
import dev.strangler.gateway.routing.PatternSpecificity;
import dev.strangler.gateway.routing.StrangledRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Rejects routes that could take the same request with nothing to choose between them: their
 * methods intersect, some path could match a pattern of each, and the two patterns are equally
 * specific. When one pattern is more specific it wins at run time, which is well defined.
 */
final class OverlapCheck {

    private OverlapCheck() {}

    static void check(List<StrangledRoute> routes, PathCase pathCase, RouteTableCompiler.Problems problems) {
        for (int i = 0; i < routes.size(); i++) {
            for (int j = i + 1; j < routes.size(); j++) {
                StrangledRoute a = routes.get(i);
                StrangledRoute b = routes.get(j);
                if (!methodsIntersect(a, b)) {
                    continue;
                }
                for (PathPattern pa : a.paths()) {
                    for (PathPattern pb : b.paths()) {
                        if (equallySpecific(pathCase, pa, pb)
                                && overlap(
                                        pathCase,
                                        segments(pa.getPatternString()),
                                        0,
                                        segments(pb.getPatternString()),
                                        0)) {
                            problems.add(
                                    "routes[" + j + "].paths",
                                    "'" + pb.getPatternString() + "' of route '" + b.id()
                                            + "' and '" + pa.getPatternString() + "' of route '" + a.id() + "' (line "
                                            + a.line()
                                            + ") can match the same request and neither is more specific; make one narrower or "
                                            + "split the methods");
                        }
                    }
                }
            }
        }
    }

    private static boolean equallySpecific(PathCase pathCase, PathPattern a, PathPattern b) {
        if (PatternSpecificity.ORDER.compare(a, b) == 0) {
            return true;
        }
        // The order falls back to the pattern text: patterns that differ only in case would be chosen by their
        // spelling.
        return pathCase == PathCase.INSENSITIVE
                && PatternSpecificity.ORDER.compare(
                                pathCase.parse(a.getPatternString().toLowerCase(Locale.ROOT)),
                                pathCase.parse(b.getPatternString().toLowerCase(Locale.ROOT)))
                        == 0;
    }

    private static boolean methodsIntersect(StrangledRoute a, StrangledRoute b) {
        if (a.methods().isEmpty() || b.methods().isEmpty()) {
            return true;
        }
        return a.methods().stream().anyMatch(b.methods()::contains);
    }

    private static List<String> segments(String pattern) {
        List<String> out = new ArrayList<>();
        for (String s : pattern.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean isRest(String s) {
        return s.equals("**") || s.startsWith("{*");
    }

    private static boolean isLiteral(String s) {
        return s.chars().noneMatch(c -> c == '*' || c == '?' || c == '{');
    }

    /** Whether some path matches both segment lists (wildcards over-approximated: a false 'yes' only when tied anyway). */
    static boolean overlap(PathCase pathCase, List<String> a, int i, List<String> b, int j) {
        if (i < a.size() && isRest(a.get(i)) || j < b.size() && isRest(b.get(j))) {
            return true;
        }
        if (i == a.size() || j == b.size()) {
            return i == a.size() && j == b.size();
        }
        String x = a.get(i);
        String y = b.get(j);
        if (isLiteral(x) && isLiteral(y) && !pathCase.sameLiteral(x, y)) {
            return false;
        }
        return overlap(pathCase, a, i + 1, b, j + 1);
    }
}
