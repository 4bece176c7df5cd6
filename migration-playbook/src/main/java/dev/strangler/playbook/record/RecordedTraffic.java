package dev.strangler.playbook.record;

import dev.strangler.gateway.api.RecordedExchange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exchanges of every replica as one recording: in the order their requests started (a replica's own order breaks
 * ties), numbered 1.. globally and per caller, with the placeholders numbered ({@link Placeholders}).
 *
 * @param steps   in order
 * @param callers each caller's mapping ids, in the order of its requests
 */
record RecordedTraffic(List<Step> steps, Map<String, List<String>> callers) {

    /** One exchange of the recording, where it stands in the whole and in its caller's requests. */
    record Step(RecordedExchange exchange, int sequence, int callerSequence) {}

    /**
     * @param byReplica each replica's exchanges, as its admin API answered them
     * @param atMost    the most exchanges to keep (the first by start), or 0 for all
     */
    static RecordedTraffic of(List<List<RecordedExchange>> byReplica, int atMost) {
        record Placed(RecordedExchange exchange, int replica) {}
        List<Placed> all = new ArrayList<>();
        for (int i = 0; i < byReplica.size(); i++) {
            for (RecordedExchange e : byReplica.get(i)) {
                all.add(new Placed(e, i));
            }
        }
        all.sort(Comparator.comparing((Placed p) -> p.exchange().startedAt())
                .thenComparingInt(Placed::replica)
                .thenComparingLong(p -> p.exchange().sequence()));
        if (atMost > 0 && all.size() > atMost) {
            all = all.subList(0, atMost);
        }
        Placeholders placeholders = new Placeholders();
        Map<String, Integer> perCaller = new HashMap<>();
        Map<String, List<String>> callers = new LinkedHashMap<>();
        List<Step> steps = new ArrayList<>();
        for (Placed p : all) {
            RecordedExchange e = placeholders.numbered(p.exchange());
            int callerSequence = perCaller.merge(e.caller(), 1, Integer::sum);
            callers.computeIfAbsent(e.caller(), c -> new ArrayList<>()).add(e.id());
            steps.add(new Step(e, steps.size() + 1, callerSequence));
        }
        return new RecordedTraffic(List.copyOf(steps), callers);
    }
}
