package dev.strangler.gateway.record;

import dev.strangler.gateway.api.RecordedExchange;
import dev.strangler.gateway.api.RecordingStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One recording on this replica, from its start to its stop: what it keeps and what it counts. Bounded: a request is
 * given a slot (counted against the total and its template's cap) before anything of it is copied, and gives it back
 * when it is not kept after all, so the copies in flight and the exchanges kept together never pass the caps.
 */
final class Recording {

    private final RecordingSettings settings;
    private final Redactor redactor;
    private final Instant startedAt;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger slots = new AtomicInteger();
    private final Map<String, Integer> perTemplate = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RecordedExchange> kept = new ConcurrentLinkedQueue<>();
    private final LongAdder recorded = new LongAdder();
    private final Map<SkipReason, LongAdder> skipped = new EnumMap<>(SkipReason.class);
    private final AtomicBoolean stopped = new AtomicBoolean();

    Recording(RecordingSettings settings, Instant startedAt) {
        this.settings = settings;
        this.redactor = new Redactor(settings);
        this.startedAt = startedAt;
        for (SkipReason reason : SkipReason.values()) {
            skipped.put(reason, new LongAdder());
        }
    }

    RecordingSettings settings() {
        return settings;
    }

    Redactor redactor() {
        return redactor;
    }

    /**
     * Whether this request is recorded: of a selected route, drawn by the rate, and with room under both caps. When it
     * is, it holds a slot until {@link #keep} or {@link #skip}, and gets its place in the order of starts.
     *
     * @param capKey its method and path template
     * @return its sequence number (1-based), or 0 when it is not recorded
     */
    long admit(String routeId, String capKey) {
        if (stopped.get()) {
            return 0;
        }
        if (!settings.routes().isEmpty()
                && (routeId == null || !settings.routes().contains(routeId))) {
            return count(SkipReason.ROUTE_NOT_SELECTED);
        }
        if (settings.rate() < 1 && ThreadLocalRandom.current().nextDouble() >= settings.rate()) {
            return count(SkipReason.SAMPLED_OUT);
        }
        if (slots.incrementAndGet() > settings.maxExchanges()) {
            slots.decrementAndGet();
            return count(SkipReason.TOTAL_CAP);
        }
        AtomicBoolean room = new AtomicBoolean();
        perTemplate.compute(capKey, (k, n) -> {
            int taken = n == null ? 0 : n;
            room.set(taken < settings.maxPerTemplate());
            return room.get() ? taken + 1 : taken;
        });
        if (!room.get()) {
            slots.decrementAndGet();
            return count(SkipReason.TEMPLATE_CAP);
        }
        return sequence.incrementAndGet();
    }

    void keep(RecordedExchange exchange) {
        if (!stopped.get()) {
            kept.add(exchange);
            recorded.increment();
        }
    }

    /** A request that was admitted is not kept: its slot is given back. */
    void skip(String capKey, SkipReason reason) {
        slots.decrementAndGet();
        perTemplate.computeIfPresent(capKey, (k, n) -> n <= 1 ? null : n - 1);
        count(reason);
    }

    private long count(SkipReason reason) {
        skipped.get(reason).increment();
        return 0;
    }

    /** Stops keeping anything and drops what was kept; the counts stay readable. */
    void stop() {
        stopped.set(true);
        kept.clear();
    }

    List<RecordedExchange> exchanges() {
        List<RecordedExchange> out = new ArrayList<>(kept);
        out.sort(Comparator.comparingLong(RecordedExchange::sequence));
        return out;
    }

    RecordingStatus status() {
        Map<String, Long> counts = new LinkedHashMap<>();
        skipped.forEach((reason, n) -> counts.put(reason.tag(), n.sum()));
        return new RecordingStatus(
                !stopped.get(),
                startedAt,
                settings.rate(),
                settings.maxExchanges(),
                settings.maxPerTemplate(),
                settings.maxBodyBytes(),
                List.copyOf(settings.routes()),
                settings.redactedHeaders(),
                settings.redactedJsonFields(),
                recorded.sum(),
                counts);
    }
}
