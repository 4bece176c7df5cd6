package dev.strangler.gateway.shadow;

import dev.strangler.gateway.api.NoisePath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The JSON paths of each route whose values the monolith changes by itself (a timestamp, a request
 * id), learned by asking the monolith twice ({@code learn-noise}) and then left out of the comparison
 * of every shadow answer of the route.
 *
 * <p>A path is only learned once it has varied in {@value #CONFIRMATIONS} different requests: a write
 * that lands between the two monolith answers makes a data field vary once, and learning it from that
 * would hide every later real difference there. It is forgotten {@link #FORGET_AFTER} after it was last
 * seen varying, and a route keeps at most {@value #MAX_PATHS} paths (the least recently seen go first).
 */
public final class LearnedNoise {

    static final int CONFIRMATIONS = 3;
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);
    static final int MAX_PATHS = 64;

    private final Clock clock;
    private final Map<String, Map<String, NoisePath>> byRoute = new ConcurrentHashMap<>();

    public LearnedNoise(Clock clock) {
        this.clock = clock;
    }

    /** The paths that varied between the monolith's two answers to one request of the route. */
    public void saw(String route, Set<String> varied) {
        if (varied.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, NoisePath> paths = byRoute.computeIfAbsent(route, r -> new LinkedHashMap<>());
        synchronized (paths) {
            forgetOld(paths, now);
            for (String p : varied) {
                NoisePath before = paths.get(p);
                int times = before == null ? 1 : before.timesSeen() + 1;
                paths.put(p, new NoisePath(p, times, now, times >= CONFIRMATIONS));
            }
            while (paths.size() > MAX_PATHS) {
                paths.values().stream()
                        .min(Comparator.comparing(NoisePath::lastSeen))
                        .ifPresent(oldest -> paths.remove(oldest.path()));
            }
        }
    }

    /** The paths left out of the route's comparisons now. */
    public Set<String> ignored(String route) {
        Map<String, NoisePath> paths = byRoute.get(route);
        if (paths == null) {
            return Set.of();
        }
        Instant now = clock.instant();
        synchronized (paths) {
            forgetOld(paths, now);
            return paths.values().stream()
                    .filter(NoisePath::ignored)
                    .map(NoisePath::path)
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    /** Every path the route has seen varying and not forgotten yet, learned or still being confirmed. */
    public List<NoisePath> paths(String route) {
        Map<String, NoisePath> paths = byRoute.get(route);
        if (paths == null) {
            return List.of();
        }
        synchronized (paths) {
            forgetOld(paths, clock.instant());
            return paths.values().stream()
                    .sorted(Comparator.comparing(NoisePath::path))
                    .toList();
        }
    }

    private static void forgetOld(Map<String, NoisePath> paths, Instant now) {
        paths.values().removeIf(p -> p.lastSeen().plus(FORGET_AFTER).isBefore(now));
    }
}
