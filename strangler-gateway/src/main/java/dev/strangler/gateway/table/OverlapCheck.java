package dev.strangler.gateway.table;

import java.util.ArrayList;
import java.util.List;

import org.springframework.web.util.pattern.PathPattern;

import dev.strangler.gateway.routing.PatternSpecificity;
import dev.strangler.gateway.routing.StrangledRoute;

/**
 * Rejects routes that could take the same request with nothing to choose between them: their
 * methods intersect, some path could match a pattern of each, and the two patterns are equally
 * specific. When one pattern is more specific it wins at run time, which is well defined.
 */
final class OverlapCheck {

    private OverlapCheck() {
    }

    static void check(List<StrangledRoute> routes, RouteTableCompiler.Problems problems) {
        for (int i = 0; i < routes.size(); i++) {
            for (int j = i + 1; j < routes.size(); j++) {
                StrangledRoute a = routes.get(i);
                StrangledRoute b = routes.get(j);
                if (!methodsIntersect(a, b)) {
                    continue;
                }
                for (PathPattern pa : a.paths()) {
                    for (PathPattern pb : b.paths()) {
                        if (PatternSpecificity.ORDER.compare(pa, pb) == 0 && overlap(segments(pa.getPatternString()), 0, segments(pb.getPatternString()), 0)) {
                            problems.add("routes[" + j + "].paths", "'" + pb.getPatternString() + "' of route '" + b.id()
                                    + "' and '" + pa.getPatternString() + "' of route '" + a.id() + "' (line " + a.line()
                                    + ") can match the same request and neither is more specific; make one narrower or "
                                    + "split the methods");
                        }
                    }
                }
            }
        }
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
    static boolean overlap(List<String> a, int i, List<String> b, int j) {
        if (i < a.size() && isRest(a.get(i)) || j < b.size() && isRest(b.get(j))) {
            return true;
        }
        if (i == a.size() || j == b.size()) {
            return i == a.size() && j == b.size();
        }
        String x = a.get(i);
        String y = b.get(j);
        if (isLiteral(x) && isLiteral(y) && !x.equals(y)) {
            return false;
        }
        return overlap(a, i + 1, b, j + 1);
    }
}
