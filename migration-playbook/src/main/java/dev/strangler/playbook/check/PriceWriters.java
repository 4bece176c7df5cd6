package dev.strangler.playbook.check;

import dev.strangler.playbook.check.Operation.Kind;
import dev.strangler.playbook.check.Operation.Outcome;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The writers: each a caller of its own ({@code X-Device-Id}), changing the price of one of the
 * shared rows through the gateway with a value no other write sends, then reading the row back. A
 * share of the writes is slow: the row is locked for 1 to 2 s first in the database of the side the
 * gateway sends the price's writes to (both when it cannot tell), so the write stays in flight there. Every request goes into the history.
 * Bounded: each writer stops at its operation limit, at the deadline, or when told.
 */
final class PriceWriters implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Longer than the gateway's hold limit plus a slow write, so a held write is answered, not cut off. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private static final int MAX_OPERATIONS_PER_WRITER = 20_000;

    private final URI gateway;
    private final String token;
    private final List<Long> rows;
    private final double slowShare;
    private final OperationLog log;
    private final LongSupplier clock;
    private final PriceDatabases databases;
    /** Whether the service takes the price's writes now; null when that cannot be told. */
    private final Supplier<Boolean> serviceOwns;

    private final AtomicLong values;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ScheduledExecutorService unlocks = Executors.newScheduledThreadPool(2);
    private final ExecutorService threads;
    private final List<Future<?>> running = new ArrayList<>();

    /**
     * @param firstValue above every initial price of the rows, so no write's value is one a row had before
     */
    PriceWriters(
            URI gateway,
            String token,
            List<Long> rows,
            double slowShare,
            OperationLog log,
            LongSupplier clock,
            PriceDatabases databases,
            Supplier<Boolean> serviceOwns,
            long firstValue,
            int writers) {
        this.gateway = gateway;
        this.token = token;
        this.rows = rows;
        this.slowShare = slowShare;
        this.log = log;
        this.clock = clock;
        this.databases = databases;
        this.serviceOwns = serviceOwns;
        this.values = new AtomicLong(firstValue);
        this.threads = Executors.newFixedThreadPool(writers);
    }

    void start(int writers, long seed, String callerPrefix, long deadlineNanos) {
        for (int i = 0; i < writers; i++) {
            String caller = callerPrefix + "-writer-" + i;
            Random random = new Random(seed * 31 + i);
            running.add(threads.submit(() -> {
                write(caller, random, deadlineNanos);
                return null;
            }));
        }
    }

    private void write(String caller, Random random, long deadlineNanos) throws Exception {
        try (PriceDatabases.Locker locker = databases.locker()) {
            Future<?> unlocked = null;
            for (int n = 0; n < MAX_OPERATIONS_PER_WRITER && !stop.get() && clock.getAsLong() < deadlineNanos; n++) {
                long row = rows.get(random.nextInt(rows.size()));
                long cents = values.getAndIncrement();
                String slow = "";
                if (random.nextDouble() < slowShare) {
                    if (unlocked != null) {
                        unlocked.get();
                    }
                    long holdMillis = 1000 + random.nextInt(1001);
                    try {
                        locker.lock(row, serviceOwns.get());
                        unlocked = unlocks.schedule(
                                () -> {
                                    locker.release();
                                    return null;
                                },
                                holdMillis,
                                TimeUnit.MILLISECONDS);
                        slow = ", row locked " + holdMillis + " ms";
                    } catch (SQLException notLocked) {
                        slow = ", row not locked: " + notLocked.getMessage();
                    }
                }
                Operation write =
                        Operation.invoked(ids.incrementAndGet(), caller, Kind.WRITE, row, cents, clock.getAsLong());
                log.append(write);
                Answer a = send(
                        "PATCH",
                        row,
                        "{\"price\": " + BigDecimal.valueOf(cents, 2).toPlainString() + "}",
                        caller);
                log.append(write.completed(clock.getAsLong(), a.outcome(), null, a.detail() + slow));
                if (a.outcome() == Outcome.OK) {
                    Operation read =
                            Operation.invoked(ids.incrementAndGet(), caller, Kind.READ, row, null, clock.getAsLong());
                    log.append(read);
                    Answer r = send("GET", row, null, caller);
                    log.append(read.completed(clock.getAsLong(), r.outcome(), r.cents(), r.detail()));
                }
                Thread.sleep(10 + random.nextInt(40));
            }
            if (unlocked != null) {
                unlocked.get();
            }
        }
    }

    private record Answer(Outcome outcome, Long cents, String detail) {}

    private Answer send(String method, long row, String body, String caller) throws InterruptedException {
        String path = method.equals("GET") ? "/api/products/" + row : "/api/admin/products/" + row;
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("X-Device-Id", caller);
        if (body == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            int status = r.statusCode();
            if (status / 100 == 2) {
                Long cents = null;
                try {
                    JsonNode price = JSON.readTree(r.body()).path("price");
                    cents = price.isMissingNode() ? null : PriceDatabases.cents(price.decimalValue());
                } catch (RuntimeException notJson) {
                    return new Answer(
                            method.equals("GET") ? Outcome.FAILED : Outcome.OK, null, status + " without a price");
                }
                return new Answer(Outcome.OK, cents, String.valueOf(status));
            }
            String detail =
                    status + " " + r.body().substring(0, Math.min(160, r.body().length()));
            if (status / 100 == 4) {
                return new Answer(Outcome.FAILED, null, detail);
            }
            // The gateway's fail-closed answer to a hold that expired: it forwarded nothing.
            if (status == 503 && r.headers().firstValue("Retry-After").isPresent()) {
                return new Answer(Outcome.FAILED, null, detail + " (Retry-After)");
            }
            return new Answer(Outcome.UNKNOWN, null, detail);
        } catch (ConnectException refused) {
            return new Answer(Outcome.FAILED, null, "connection refused");
        } catch (IOException e) {
            return new Answer(Outcome.UNKNOWN, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Asks the writers to stop after their current request and waits for them (at most the request timeout and a slow lock). */
    void stopAndWait() throws Exception {
        stop.set(true);
        for (Future<?> f : running) {
            f.get(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        stop.set(true);
        threads.shutdownNow();
        unlocks.shutdown();
    }
}
