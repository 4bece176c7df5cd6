package dev.strangler.playbook.check;

import dev.strangler.gateway.api.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How long the writes of a route were held, from the gateways' audit logs. Each replica closes its
 * gate at a quiet moment of its own and waits there for the others (or reopens and tries again), and
 * each releases when it follows the release: so one hold closes every replica's gate for a different
 * time, and the writes on the replica that closed first waited longest. A hold's time is that longest
 * closing, over every replica.
 */
final class HoldTimes {

    /**
     * Closings of different replicas released within this of each other belong to one hold: the
     * followers release within a few hundred milliseconds, and a cutover and its rollback are seconds
     * apart.
     */
    static final Duration SAME_HOLD = Duration.ofSeconds(1);

    /** One closing of one replica's gate that was granted (not reopened), up to its release. */
    record Closing(Instant closed, Instant released) {
        long millis() {
            return Duration.between(closed, released).toMillis();
        }
    }

    private HoldTimes() {}

    /**
     * The granted closings of the route's gate in one replica's audit log since {@code since}. A closing
     * reopened before the grant (another replica still had a write in flight) lasted at most the
     * gateway's {@code hold-reopen-after} and is not counted.
     */
    static List<Closing> closings(List<AuditEntry> audit, String route, Instant since) {
        List<Closing> out = new ArrayList<>();
        Instant closed = null;
        for (AuditEntry e : audit) {
            if (!route.equals(e.route()) || e.time().isBefore(since)) {
                continue;
            }
            if ("not held".equals(e.from())) {
                closed = e.time();
            } else if ("held".equals(e.from()) && e.to() != null && e.to().startsWith("reopened")) {
                closed = null;
            } else if ("held".equals(e.from()) && closed != null) {
                out.add(new Closing(closed, e.time()));
                closed = null;
            }
        }
        return out;
    }

    /**
     * One hold over every replica: its longest closing ({@code millis}), and the span from the first
     * closing to the last release, to tell whether a fault struck while it lasted.
     */
    record Hold(Instant firstClosed, Instant lastReleased, long millis) {
        Hold with(Closing c) {
            return new Hold(
                    c.closed().isBefore(firstClosed) ? c.closed() : firstClosed,
                    c.released().isAfter(lastReleased) ? c.released() : lastReleased,
                    Math.max(millis, c.millis()));
        }

        /** Whether the hold lasted at some moment of {@code [from, to]}. */
        boolean overlaps(Instant from, Instant to) {
            return !lastReleased.isBefore(from) && !firstClosed.isAfter(to);
        }
    }

    /** Each hold's longest closing over every replica's closings, in the order of the holds. */
    static List<Hold> longestPerHold(List<List<Closing>> perReplica) {
        List<Closing> all = new ArrayList<>();
        perReplica.forEach(all::addAll);
        all.sort(Comparator.comparing(Closing::released));
        List<Hold> out = new ArrayList<>();
        Instant holdReleased = null;
        for (Closing c : all) {
            if (holdReleased == null
                    || Duration.between(holdReleased, c.released()).compareTo(SAME_HOLD) > 0) {
                out.add(new Hold(c.closed(), c.released(), c.millis()));
                holdReleased = c.released();
            } else {
                out.set(out.size() - 1, out.get(out.size() - 1).with(c));
            }
        }
        return out;
    }
}
