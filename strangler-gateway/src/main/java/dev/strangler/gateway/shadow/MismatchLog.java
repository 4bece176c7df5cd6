package dev.strangler.gateway.shadow;

import dev.strangler.gateway.api.ShadowMismatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The last N shadow mismatches of each route, with both bodies, for inspection through the admin API. */
public final class MismatchLog {

    private static final int BODY_EXCERPT = 16_384;
    private final int keep;
    private final Map<String, Deque<ShadowMismatch>> byRoute = new ConcurrentHashMap<>();
    private final LearnedNoise noise;

    /** {@code clock} tells when a field the shadow learned as noise last varied (see {@link LearnedNoise}). */
    public MismatchLog(int keep, Clock clock) {
        this.keep = keep;
        this.noise = new LearnedNoise(clock);
    }

    public void add(
            String route,
            Instant time,
            String method,
            String path,
            List<String> differences,
            CapturedResponse monolith,
            CapturedResponse service) {
        Deque<ShadowMismatch> deque = byRoute.computeIfAbsent(route, r -> new ArrayDeque<>());
        ShadowMismatch m = new ShadowMismatch(
                time,
                method,
                path,
                List.copyOf(differences),
                monolith.status(),
                excerpt(monolith.body(), BODY_EXCERPT),
                service.status(),
                excerpt(service.body(), BODY_EXCERPT));
        synchronized (deque) {
            deque.addFirst(m);
            while (deque.size() > keep) {
                deque.removeLast();
            }
        }
    }

    /** Newest first. */
    public List<ShadowMismatch> recent(String route) {
        Deque<ShadowMismatch> deque = byRoute.get(route);
        if (deque == null) {
            return List.of();
        }
        synchronized (deque) {
            return List.copyOf(deque);
        }
    }

    /** The paths each route has learned vary by themselves (monolith against monolith). */
    public LearnedNoise noise() {
        return noise;
    }

    /** A body as text for the admin API, cut to {@code max} characters. */
    static String excerpt(byte[] body, int max) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > max ? text.substring(0, max) + "..." : text;
    }
}
