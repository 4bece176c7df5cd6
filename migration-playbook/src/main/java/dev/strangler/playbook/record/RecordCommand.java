package dev.strangler.playbook.record;

import dev.strangler.gateway.api.RecordedExchange;
import dev.strangler.gateway.api.RecordingRequest;
import dev.strangler.gateway.api.RecordingStatus;
import dev.strangler.playbook.cli.DurationConverter;
import dev.strangler.playbook.cli.SandboxDirOption;
import dev.strangler.playbook.route.GatewayAdmin;
import dev.strangler.playbook.route.GatewayReplicasOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code strangler record}: records real traffic through the gateway into a recording directory. Starts a recording
 * on every replica (one caller key for all, so a caller is named alike on each), waits ({@code --duration}, {@code
 * --count}, or until Ctrl-C), collects the redacted exchanges, stops the recordings and writes the directory (see
 * {@link RecordingDirectory}). Nothing unredacted ever leaves the gateway.
 */
@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        description = "Records sampled, redacted request/response pairs of the traffic through the gateway (any mode) "
                + "into a directory of WireMock stub mappings, with each caller's order of requests.")
public final class RecordCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new (or empty) directory.")
    Path out;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Record this long (30s, 5m); without it and --count, until Ctrl-C.")
    Duration duration;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "Stop once the replicas together have recorded N exchanges (the first N are written).")
    Integer count;

    @Option(names = "--rate", paramLabel = "0..1", description = "The share of requests recorded (default 1).")
    Double rate;

    @Option(
            names = "--max-per-template",
            paramLabel = "N",
            description = "At most N exchanges per method and path template, per replica (default 100).")
    Integer maxPerTemplate;

    @Option(
            names = "--max-exchanges",
            paramLabel = "N",
            description = "At most N exchanges per replica (default 1000).")
    Integer maxExchanges;

    @Option(
            names = "--max-body-bytes",
            paramLabel = "BYTES",
            description = "An exchange with a larger body is not recorded (default 65536).")
    Integer maxBodyBytes;

    @Option(
            names = "--redact-field",
            paramLabel = "NAME",
            description = "Also redact this JSON, form or query field (repeatable); password, token, secret, email, "
                    + "card numbers and more are always redacted.")
    List<String> redactFields = new ArrayList<>();

    @Option(
            names = "--redact-header",
            paramLabel = "NAME",
            description = "Also redact this header (repeatable); Authorization, Cookie, Set-Cookie, X-Api-Key and more "
                    + "are always redacted.")
    List<String> redactHeaders = new ArrayList<>();

    @Option(
            names = "--route",
            paramLabel = "ID",
            description = "Record only this route (repeatable); default: every request, also those no route matches.")
    List<String> routes = new ArrayList<>();

    @Option(
            names = "--poll",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "How often --count is checked (default ${DEFAULT-VALUE}).")
    Duration poll;

    @Mixin
    GatewayReplicasOptions gateways;

    @Mixin
    SandboxDirOption sandbox;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter printed = spec.commandLine().getOut();
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count must be at least 1 (was " + count + ")");
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw new IllegalArgumentException("--duration must be positive (was " + duration + ")");
        }
        RecordingDirectory.checkEmpty(out);
        List<GatewayAdmin> replicas = gateways.clients(sandbox);
        String reason = "strangler record --out " + out;
        RecordingRequest request = new RecordingRequest(
                rate,
                maxExchanges,
                maxPerTemplate,
                maxBodyBytes,
                redactHeaders,
                redactFields,
                routes,
                callerKey(),
                reason);
        List<GatewayAdmin> started = new ArrayList<>();
        try {
            for (GatewayAdmin replica : replicas) {
                try {
                    replica.startRecording(request);
                } catch (GatewayAdmin.Refused refused) {
                    if (refused.status() == 400) {
                        throw new IllegalArgumentException(refused.getMessage(), refused); // what the user asked for
                    }
                    throw refused;
                }
                started.add(replica);
            }
            printed.println("recording on " + replicas.size() + " gateway replica(s) "
                    + (duration != null ? "for " + duration.toSeconds() + " s" : "")
                    + (duration != null && count != null ? " or " : "")
                    + (count != null ? "until " + count + " exchanges" : "")
                    + (duration == null && count == null ? "until Ctrl-C" : ""));
            printed.flush();
            waitForEnd(replicas);
            List<List<RecordedExchange>> exchanges = new ArrayList<>();
            for (GatewayAdmin replica : replicas) {
                exchanges.add(replica.recordedExchanges());
            }
            List<RecordingStatus> last = stop(started, reason);
            started.clear();
            RecordedTraffic traffic = RecordedTraffic.of(exchanges, count == null ? 0 : count);
            RecordingDirectory.Summary summary = RecordingDirectory.write(
                    out, traffic, replicas.stream().map(GatewayAdmin::base).toList(), last, Instant.now());
            printed.println("recorded " + summary.exchanges() + " exchanges of "
                    + traffic.callers().size() + " caller(s) into " + out + skipped(summary));
            return 0;
        } finally {
            stopQuietly(started, reason + " (failed)");
        }
    }

    /** After a failure: stops what was started, saying what could not be stopped, without hiding the failure. */
    private void stopQuietly(List<GatewayAdmin> started, String reason) {
        for (GatewayAdmin replica : started) {
            try {
                replica.stopRecording(reason);
            } catch (RuntimeException e) {
                spec.commandLine()
                        .getErr()
                        .println("the recording on " + replica.base() + " could not be stopped: " + e.getMessage()
                                + "; stop it with DELETE /admin/recording");
            }
        }
    }

    private static String skipped(RecordingDirectory.Summary summary) {
        String counts = summary.skipped().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return counts.isEmpty() ? "" : "; not recorded: " + counts;
    }

    /**
     * Until the duration has passed, the replicas have recorded {@code --count} exchanges, or Ctrl-C: then the
     * recording is still collected and written before the command exits.
     */
    private void waitForEnd(List<GatewayAdmin> replicas) throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            interrupted.countDown();
            try {
                written.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        Instant deadline = duration == null ? null : Instant.now().plus(duration);
        try {
            while (true) {
                if (deadline != null && !Instant.now().isBefore(deadline)) {
                    return;
                }
                if (count != null && recorded(replicas) >= count) {
                    return;
                }
                Duration wait = deadline == null ? poll : min(poll, Duration.between(Instant.now(), deadline));
                if (interrupted.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook waits for the recording to be written; this thread goes on to write it
            }
            written.countDown();
        }
    }

    private static long recorded(List<GatewayAdmin> replicas) {
        return replicas.stream()
                .map(GatewayAdmin::recording)
                .mapToLong(s -> s.recorded() == null ? 0 : s.recorded())
                .sum();
    }

    private static List<RecordingStatus> stop(List<GatewayAdmin> replicas, String reason) {
        List<RecordingStatus> last = new ArrayList<>();
        for (GatewayAdmin replica : replicas) {
            last.add(replica.stopRecording(reason));
        }
        return last;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One key for every replica of this recording: callers and secrets hash alike on each. Never written anywhere. */
    private static String callerKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
