package dev.strangler.playbook.migrate;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.sync.CdcStreams;
import dev.strangler.cdc.sync.Parity;
import dev.strangler.cdc.sync.StreamStatus;
import dev.strangler.gateway.api.StreamLag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data gates of a feature, on its CDC streams: the lag of a marker sent now, the WAL each slot holds back,
 * the streams' health, and parity of both databases through the plan's mapping.
 *
 * <p>A stream that failed (a connector or task failed or stopped) fails the gate: the service would serve what
 * it no longer receives. A lag over the limit, a marker that did not arrive, too much WAL or tables that differ
 * make the gate wait: they are often passing (a burst of writes, rows in flight while the tables are read), and
 * the step fails only if they last beyond its {@code max-wait}.
 */
final class StreamGates implements MigrationRun.DataGate {

    private final List<MigrationPlan.Stream> streams;
    private final CdcStreams cdc;
    /** Each stream as the last check saw it, for the gateway's status page. */
    private final Map<String, StreamLag> seen = new LinkedHashMap<>();

    StreamGates(List<MigrationPlan.Stream> streams, ConnectClient connect) {
        this.streams = List.copyOf(streams);
        this.cdc = new CdcStreams(connect);
    }

    @Override
    public List<GateCheck.Result> check(FeaturePlan.Gates gates) {
        List<GateCheck.Result> out = new ArrayList<>();
        for (MigrationPlan.Stream stream : streams) {
            if (gates.maxCdcLag() != null || gates.maxWalRetainedMb() != null) {
                Duration limit = gates.maxCdcLag() == null ? Duration.ofSeconds(5) : gates.maxCdcLag();
                Duration wait = limit.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? limit.multipliedBy(2)
                        : Duration.ofSeconds(5);
                StreamStatus status = cdc.status(stream, wait);
                GateCheck.Result health = health(stream, status);
                seen.put(
                        stream.name(),
                        new StreamLag(
                                stream.name(),
                                health.verdict() == GateCheck.Verdict.PASS ? "running" : health.seen(),
                                status.lag() == null ? null : status.lag().toMillis(),
                                status.slot() == null ? null : status.slot().retainedWalBytes(),
                                Instant.now()));
                out.add(health);
                if (gates.maxCdcLag() != null) {
                    out.add(lag(stream, status, gates.maxCdcLag(), wait));
                }
                if (gates.maxWalRetainedMb() != null) {
                    out.add(wal(stream, status, gates.maxWalRetainedMb()));
                }
            }
            if (Boolean.TRUE.equals(gates.parity())) {
                out.add(parity(stream));
            }
        }
        return out;
    }

    @Override
    public List<StreamLag> lastSeen() {
        return List.copyOf(seen.values());
    }

    private static GateCheck.Result health(MigrationPlan.Stream stream, StreamStatus status) {
        List<String> failed = new ArrayList<>();
        for (ConnectClient.Status c : status.connectors()) {
            c.failures().forEach(f -> failed.add(f.what() + " failed"));
            if (c.failures().isEmpty() && !c.running()) {
                failed.add(c.name() + " is " + c.state());
            }
        }
        if (status.connectors().size() < 2) {
            failed.add("its connectors are not all deployed");
        }
        return new GateCheck.Result(
                "stream " + stream.name() + " running",
                failed.isEmpty() ? GateCheck.Verdict.PASS : GateCheck.Verdict.FAIL,
                failed.isEmpty() ? "source and sink running" : String.join("; ", failed));
    }

    private static GateCheck.Result lag(
            MigrationPlan.Stream stream, StreamStatus status, Duration limit, Duration waited) {
        String name = "stream " + stream.name() + " lag <= " + limit.toMillis() + " ms";
        if (status.lag() == null) {
            return new GateCheck.Result(
                    name,
                    GateCheck.Verdict.WAIT,
                    "a marker sent now did not arrive within " + waited.toMillis() + " ms");
        }
        return new GateCheck.Result(
                name,
                status.lag().compareTo(limit) <= 0 ? GateCheck.Verdict.PASS : GateCheck.Verdict.WAIT,
                "a marker sent now arrived after " + status.lag().toMillis() + " ms");
    }

    private static GateCheck.Result wal(MigrationPlan.Stream stream, StreamStatus status, long maxMb) {
        double mb = status.slot().retainedWalBytes() / (1024.0 * 1024.0);
        return new GateCheck.Result(
                "stream " + stream.name() + " WAL retained <= " + maxMb + " MiB",
                mb <= maxMb ? GateCheck.Verdict.PASS : GateCheck.Verdict.WAIT,
                String.format(Locale.ROOT, "%.1f MiB held back by the slot", mb));
    }

    private static GateCheck.Result parity(MigrationPlan.Stream stream) {
        List<Parity.TableParity> tables = new Parity(10_000).compare(stream, line -> {});
        List<String> differ = tables.stream()
                .filter(t -> !t.equal())
                .map(t -> t.target() + " (" + t.missingCount() + " missing, " + t.extraCount() + " extra, "
                        + t.differentCount() + " different)")
                .toList();
        long rows = tables.stream().mapToLong(Parity.TableParity::sourceRows).sum();
        return new GateCheck.Result(
                "stream " + stream.name() + " parity exact",
                differ.isEmpty() ? GateCheck.Verdict.PASS : GateCheck.Verdict.WAIT,
                differ.isEmpty()
                        ? tables.size() + " tables, " + rows + " rows equal"
                        : "differ: " + String.join(", ", differ));
    }
}
