package dev.strangler.gateway.table;

import dev.strangler.compare.JsonPath;
import dev.strangler.gateway.routing.Credential;
import dev.strangler.gateway.routing.Mode;
import dev.strangler.gateway.routing.PathCase;
import dev.strangler.gateway.routing.ReadYourWrites;
import dev.strangler.gateway.routing.RouteTable;
import dev.strangler.gateway.routing.ServiceEndpoint;
import dev.strangler.gateway.routing.ShadowOptions;
import dev.strangler.gateway.routing.StickBy;
import dev.strangler.gateway.routing.StrangledRoute;
import dev.strangler.gateway.routing.Target;
import dev.strangler.gateway.routing.TargetingRule;
import dev.strangler.gateway.routing.UpstreamUri;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Turns route-file text into a live {@link RouteTable}, or rejects it whole with every problem found,
 * each naming the line, the field, what was expected and what was there.
 */
public final class RouteTableCompiler {

    static final Duration DEFAULT_SERVICE_TIMEOUT = Duration.ofSeconds(5);
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final String ID_PATTERN = "[a-z0-9][a-z0-9._-]{0,62}";

    private final RouteFileParser parser = new RouteFileParser();

    /** Compiles the text of the file named {@code source} (used in messages only). */
    public RouteTable compile(String source, String text) {
        RouteFileParser.Parsed parsed = parser.parse(source, text);
        Problems problems = new Problems(parsed.lines());
        RouteFile file = parsed.file();

        URI monolith = url(problems, "monolith", file.monolith());
        PathCase pathCase = PathCase.of(Boolean.TRUE.equals(file.caseInsensitivePaths()));
        Map<String, ServiceEndpoint> services = new LinkedHashMap<>();
        if (file.services() != null) {
            file.services().forEach((name, s) -> {
                String path = "services." + name;
                if (!name.matches(ID_PATTERN)) {
                    problems.add(path, "service names are lower-case letters, digits, '.', '_' and '-'");
                }
                if (s == null) {
                    problems.add(path, "needs 'url: http://host:port'");
                    return;
                }
                URI url = url(problems, path + ".url", s.url());
                Duration timeout = duration(problems, path + ".timeout", s.timeout());
                Credential credential = Credential.AS_SENT;
                if (s.credential() != null) {
                    try {
                        credential = Credential.parse(s.credential());
                    } catch (IllegalArgumentException e) {
                        problems.add(
                                path + ".credential",
                                "must be one of " + String.join(", ", Credential.yamlNames()) + " (was "
                                        + quote(s.credential()) + ")");
                    }
                }
                String stripPrefix = stripPrefix(problems, path + ".strip-prefix", s.stripPrefix());
                if (url != null) {
                    services.put(
                            name,
                            new ServiceEndpoint(
                                    name, url, timeout, Boolean.TRUE.equals(s.dryRun()), credential, stripPrefix));
                }
            });
        }
        // A service declared with a mistake is reported once, where it is; its routes do not call it unknown.
        Set<String> declaredServices =
                file.services() == null ? Set.of() : file.services().keySet();
        List<StrangledRoute> routes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<RouteFile.Route> declared = file.routes() == null ? List.of() : file.routes();
        for (int i = 0; i < declared.size(); i++) {
            StrangledRoute r =
                    route(problems, "routes[" + i + "]", declared.get(i), services, declaredServices, ids, pathCase);
            if (r != null) {
                routes.add(r);
            }
        }
        OverlapCheck.check(routes, pathCase, problems);
        ReadYourWrites readYourWrites = readYourWrites(
                problems,
                file.readYourWrites(),
                declared.stream()
                        .filter(r -> r != null && r.id() != null)
                        .map(RouteFile.Route::id)
                        .toList());
        problems.throwIfAny(source);
        return new RouteTable(monolith, services, routes, sha256(text), readYourWrites, pathCase);
    }

    /** A path such as {@code /app}: no pattern, no dot segments, no trailing slash (one is dropped). */
    private static String stripPrefix(Problems problems, String path, String value) {
        if (value == null) {
            return "";
        }
        String prefix = value.endsWith("/") && value.length() > 1 ? value.substring(0, value.length() - 1) : value;
        boolean plain = prefix.matches("(/[A-Za-z0-9._~!$&'()+,=:@-]+)+") && !prefix.matches(".*/\\.{1,2}(/.*)?");
        if (!plain) {
            problems.add(
                    path,
                    "must be a plain path such as /app (segments of letters, digits and -._~, no patterns, no "
                            + "dot segments, no encoded characters; was " + quote(value) + ")");
            return "";
        }
        return prefix;
    }

    private StrangledRoute route(
            Problems problems,
            String path,
            RouteFile.Route r,
            Map<String, ServiceEndpoint> services,
            Set<String> declaredServices,
            Set<String> ids,
            PathCase pathCase) {
        if (r == null) {
            problems.add(path, "is empty");
            return null;
        }
        int before = problems.count();
        String id = r.id();
        if (id == null || !id.matches(ID_PATTERN)) {
            problems.add(
                    path + ".id",
                    "needs an id of lower-case letters, digits, '.', '_' and '-' (was " + quote(id) + ")");
        } else if (!ids.add(id)) {
            problems.add(path + ".id", "duplicate route id '" + id + "'");
        }
        Mode mode = null;
        if (r.mode() == null) {
            problems.add(path + ".mode", "is required: one of monolith, shadow, canary, service");
        } else {
            try {
                mode = Mode.parse(r.mode());
            } catch (IllegalArgumentException e) {
                problems.add(
                        path + ".mode",
                        "must be one of monolith, shadow, canary, service (was " + quote(r.mode()) + ")");
            }
        }
        if (r.service() == null) {
            if (mode != null && mode != Mode.MONOLITH) {
                problems.add(path + ".service", "is required in mode " + mode.yamlName());
            }
        } else if (!declaredServices.contains(r.service())) {
            problems.add(
                    path + ".service",
                    "unknown service '" + r.service() + "'; declared under services: "
                            + (declaredServices.isEmpty() ? "none" : String.join(", ", declaredServices)));
        }
        int basisPoints = 0;
        if (r.percent() != null) {
            double p = r.percent();
            if (p < 0 || p > 100 || Double.isNaN(p)) {
                problems.add(path + ".percent", "must be between 0 and 100 (was " + formatPercent(p) + ")");
            } else if (Math.abs(p * 100 - Math.rint(p * 100)) > 1e-6) {
                problems.add(path + ".percent", "has at most two decimals (was " + formatPercent(p) + ")");
            } else {
                basisPoints = (int) Math.rint(p * 100);
            }
        } else if (mode == Mode.CANARY) {
            problems.add(path + ".percent", "is required in mode canary (0 to 100)");
        }
        Set<HttpMethod> methods = new LinkedHashSet<>();
        if (r.methods() != null) {
            for (int m = 0; m < r.methods().size(); m++) {
                String method = r.methods().get(m) == null
                        ? ""
                        : r.methods().get(m).trim().toUpperCase(Locale.ROOT);
                if (!METHODS.contains(method)) {
                    problems.add(
                            path + ".methods[" + m + "]",
                            "must be one of " + new TreeSet<>(METHODS) + " (was "
                                    + quote(r.methods().get(m)) + ")");
                } else {
                    methods.add(HttpMethod.valueOf(method));
                }
            }
        }
        List<PathPattern> paths = new ArrayList<>();
        if (r.paths() == null || r.paths().isEmpty()) {
            problems.add(path + ".paths", "needs at least one path pattern, e.g. /api/products/**");
        } else {
            for (int p = 0; p < r.paths().size(); p++) {
                String pattern = r.paths().get(p);
                if (pattern == null || !pattern.startsWith("/")) {
                    problems.add(path + ".paths[" + p + "]", "must start with / (was " + quote(pattern) + ")");
                    continue;
                }
                try {
                    paths.add(pathCase.parse(pattern));
                } catch (RuntimeException e) {
                    problems.add(path + ".paths[" + p + "]", "is not a valid path pattern: " + e.getMessage());
                }
            }
        }
        List<StickBy> stickBy = new ArrayList<>();
        if (r.stickBy() != null) {
            for (int s = 0; s < r.stickBy().size(); s++) {
                try {
                    stickBy.add(StickBy.parse(String.valueOf(r.stickBy().get(s))));
                } catch (IllegalArgumentException e) {
                    problems.add(path + ".stick-by[" + s + "]", e.getMessage());
                }
            }
        }
        List<TargetingRule> rules = new ArrayList<>();
        if (r.targeting() != null) {
            for (int t = 0; t < r.targeting().size(); t++) {
                TargetingRule rule = rule(
                        problems, path + ".targeting[" + t + "]", r.targeting().get(t));
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        boolean fallback = true;
        if (r.fallback() != null) {
            switch (r.fallback().trim().toLowerCase(Locale.ROOT)) {
                case "monolith" -> fallback = true;
                case "none" -> fallback = false;
                default ->
                    problems.add(path + ".fallback", "must be monolith or none (was " + quote(r.fallback()) + ")");
            }
        }
        ShadowOptions shadow = shadow(problems, path + ".shadow", r.shadow());
        ServiceEndpoint target = r.service() == null ? null : services.get(r.service());
        if (target != null && !target.stripPrefix().isEmpty() && r.paths() != null) {
            for (int p = 0; p < r.paths().size(); p++) {
                String pattern = r.paths().get(p);
                if (pattern != null
                        && !UpstreamUri.under(pattern, target.stripPrefix(), pathCase == PathCase.INSENSITIVE)) {
                    problems.add(
                            path + ".paths[" + p + "]",
                            "'" + pattern + "' is not under service '" + target.name() + "''s strip-prefix '"
                                    + target.stripPrefix() + "': the service would get it with nothing stripped; "
                                    + "write it as '" + target.stripPrefix() + pattern + "' or route it elsewhere");
                }
            }
        }
        if (shadow.mirrorUnsafe() && target != null && !target.dryRun()) {
            // Whatever the mode: an admin override may put the route in shadow later without a reload.
            problems.add(
                    path + ".shadow.mirror-unsafe",
                    "service '" + target.name() + "' does not declare that it honours dry runs, "
                            + "so it would perform every mirrored write for real; declare 'dry-run: true' under services."
                            + target.name()
                            + " only once it runs a request marked " + ShadowOptions.DRY_RUN_HEADER
                            + ": true without effects");
        }
        if (problems.count() > before) {
            return null;
        }
        return new StrangledRoute(
                id,
                Set.copyOf(methods),
                List.copyOf(paths),
                r.service(),
                mode,
                basisPoints,
                List.copyOf(stickBy),
                List.copyOf(rules),
                fallback,
                shadow,
                problems.lineOf(path));
    }

    private static TargetingRule rule(Problems problems, String path, RouteFile.Rule rule) {
        if (rule == null) {
            problems.add(path, "is empty");
            return null;
        }
        Target target = null;
        if ("service".equals(rule.target())) {
            target = Target.SERVICE;
        } else if ("monolith".equals(rule.target())) {
            target = Target.MONOLITH;
        } else {
            problems.add(path + ".target", "must be service or monolith (was " + quote(rule.target()) + ")");
        }
        boolean byHeader = rule.header() != null;
        boolean byKeys = rule.keys() != null;
        if (byHeader == byKeys) {
            problems.add(path, "needs exactly one of 'header' (with 'values') or 'keys'");
            return null;
        }
        if (byHeader && (rule.values() == null || rule.values().isEmpty())) {
            problems.add(path + ".values", "lists the header values that match");
            return null;
        }
        if (target == null) {
            return null;
        }
        return byHeader
                ? new TargetingRule(rule.header(), Set.copyOf(rule.values()), Set.of(), target)
                : new TargetingRule(null, Set.of(), Set.copyOf(rule.keys()), target);
    }

    private static ShadowOptions shadow(Problems problems, String path, RouteFile.Shadow shadow) {
        if (shadow == null) {
            return ShadowOptions.DEFAULT;
        }
        List<JsonPath> ignore = new ArrayList<>();
        if (shadow.ignore() != null) {
            for (int i = 0; i < shadow.ignore().size(); i++) {
                try {
                    ignore.add(JsonPath.parse(shadow.ignore().get(i)));
                } catch (IllegalArgumentException | NullPointerException e) {
                    problems.add(
                            path + ".ignore[" + i + "]",
                            "is not a JSON path like $.field or $.items[*].id: " + e.getMessage());
                }
            }
        }
        List<String> headers =
                shadow.headers() == null ? ShadowOptions.DEFAULT.headers() : List.copyOf(shadow.headers());
        Duration delay = Duration.ZERO;
        if (shadow.delay() != null) {
            delay = duration(problems, path + ".delay", shadow.delay());
            if (delay.compareTo(MAX_SHADOW_DELAY) > 0) {
                problems.add(
                        path + ".delay",
                        "must be at most " + MAX_SHADOW_DELAY.toSeconds() + "s (was " + quote(shadow.delay()) + ")");
            }
        }
        return new ShadowOptions(
                List.copyOf(ignore),
                headers,
                Boolean.TRUE.equals(shadow.mirrorUnsafe()),
                Boolean.TRUE.equals(shadow.learnNoise()),
                delay);
    }

    /** Callers stay pinned this long at most: a pin overrides the route's mode. */
    static final Duration MAX_READ_YOUR_WRITES = Duration.ofSeconds(60);

    private static ReadYourWrites readYourWrites(
            Problems problems, RouteFile.ReadYourWritesSpec spec, List<String> routeIds) {
        if (spec == null) {
            return ReadYourWrites.OFF;
        }
        String path = "read-your-writes";
        if (spec.window() == null) {
            problems.add(path + ".window", "is required: how long a write pins its caller, e.g. 3s");
        }
        Duration window = spec.window() == null ? Duration.ZERO : duration(problems, path + ".window", spec.window());
        if (window.compareTo(MAX_READ_YOUR_WRITES) > 0) {
            problems.add(
                    path + ".window",
                    "must be at most " + MAX_READ_YOUR_WRITES.toSeconds() + "s (was " + quote(spec.window()) + ")");
        }
        List<StickBy> keys = new ArrayList<>();
        if (spec.key() == null || spec.key().isEmpty()) {
            problems.add(path + ".key", "is required: what identifies a caller, e.g. [header:X-Device-Id]");
        } else {
            for (int i = 0; i < spec.key().size(); i++) {
                try {
                    keys.add(StickBy.parse(String.valueOf(spec.key().get(i))));
                } catch (IllegalArgumentException e) {
                    problems.add(path + ".key[" + i + "]", e.getMessage());
                }
            }
        }
        Set<String> writesOf = null;
        if (spec.writesOf() != null) {
            writesOf = new LinkedHashSet<>();
            for (int i = 0; i < spec.writesOf().size(); i++) {
                String id = spec.writesOf().get(i);
                if (!routeIds.contains(id)) {
                    problems.add(
                            path + ".writes-of[" + i + "]", "unknown route " + quote(id) + "; declared: " + routeIds);
                } else {
                    writesOf.add(id);
                }
            }
        }
        boolean monolithWrites = !Boolean.FALSE.equals(spec.monolithWrites());
        if (spec.writesOf() != null && spec.writesOf().isEmpty() && !monolithWrites) {
            problems.add(
                    path + ".monolith-writes",
                    "no write would pin: name routes in writes-of, or set monolith-writes: true");
        }
        Duration recheck = ReadYourWrites.DEFAULT_RECHECK_UNAUTHORIZED;
        if (spec.recheckUnauthorized() != null) {
            try {
                recheck = DurationStyle.detectAndParse(spec.recheckUnauthorized());
            } catch (IllegalArgumentException e) {
                problems.add(
                        path + ".recheck-unauthorized",
                        "must be a duration such as 250ms, or 0s for never (was " + quote(spec.recheckUnauthorized())
                                + ")");
            }
            if (recheck.isNegative() || (!recheck.isZero() && recheck.compareTo(window) >= 0)) {
                problems.add(
                        path + ".recheck-unauthorized",
                        "must be shorter than the window (" + quote(spec.window()) + "), or 0s for never (was "
                                + quote(spec.recheckUnauthorized()) + ")");
            }
        }
        return new ReadYourWrites(window, keys, writesOf, monolithWrites, recheck);
    }

    /** A shadow copy waits this long at most: it holds a permit (and the monolith's answer) meanwhile. */
    static final Duration MAX_SHADOW_DELAY = Duration.ofSeconds(10);

    private static URI url(Problems problems, String path, String value) {
        if (value == null || value.isBlank()) {
            problems.add(path, "is required: an http:// or https:// URL");
            return null;
        }
        try {
            URI uri = URI.create(value.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(path, "must be an http:// or https:// URL with a host (was " + quote(value) + ")");
                return null;
            }
            return uri;
        } catch (IllegalArgumentException e) {
            problems.add(path, "is not a URL (was " + quote(value) + ")");
            return null;
        }
    }

    private static Duration duration(Problems problems, String path, String value) {
        if (value == null) {
            return DEFAULT_SERVICE_TIMEOUT;
        }
        try {
            Duration d = DurationStyle.detectAndParse(value);
            if (d.isNegative() || d.isZero()) {
                problems.add(path, "must be positive (was " + value + ")");
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(path, "must be a duration such as 500ms, 2s or 1m (was " + quote(value) + ")");
            return DEFAULT_SERVICE_TIMEOUT;
        }
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    private static String formatPercent(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The problems found so far, each with its line. */
    static final class Problems {
        private final YamlLines lines;
        private final List<String> list = new ArrayList<>();

        Problems(YamlLines lines) {
            this.lines = lines;
        }

        void add(String path, String message) {
            list.add("line " + lines.lineOf(path) + ": " + path + ": " + message);
        }

        int lineOf(String path) {
            return lines.lineOf(path);
        }

        int count() {
            return list.size();
        }

        void throwIfAny(String source) {
            if (!list.isEmpty()) {
                throw new RouteTableException(source, list);
            }
        }
    }
}
