package dev.strangler.playbook.migration;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the app's customers keep doing with their accounts while identity moves, through the gateway: each device
 * registers once, then over and over logs in, reads its profile (at once and after a while, so both sides serve it
 * in a canary), now and then renames itself and reads the new name back, lists its orders at the monolith with the
 * session it just got, logs out, and finds the old token refused. Every answer other than the one the contract
 * promises is a failure, kept with what was asked. Bounded: a few devices with a pause between requests, stopped by
 * the walk, and never longer than its time limit.
 */
final class AccountLoad implements AutoCloseable {

    private final JsonHttp http;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong logins = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> devices = new ArrayList<>();
    private final long deadlineNanos;
    private final Duration pause;

    private AccountLoad(JsonHttp http, Duration limit, Duration pause) {
        this.http = http;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
        this.pause = pause;
    }

    static AccountLoad start(URI gateway, int devices, Duration limit, Duration pause) {
        AccountLoad load = new AccountLoad(new JsonHttp(gateway, Duration.ofSeconds(20)), limit, pause);
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int d = 0; d < devices; d++) {
            String device = "account-device-" + run + "-" + d;
            Thread t = new Thread(() -> load.use(device), device);
            t.setDaemon(true);
            t.start();
            load.devices.add(t);
        }
        return load;
    }

    private void use(String device) {
        String email = device + "@example.com";
        String password = "password-of-" + device;
        try {
            expect(
                    201,
                    "register " + email,
                    http.send(
                            "POST",
                            "/api/users/register",
                            Map.of("email", email, "password", password, "name", "Customer " + device),
                            null,
                            device));
            int round = 0;
            while (running.get() && System.nanoTime() < deadlineNanos) {
                round++;
                JsonHttp.Answer login = http.send(
                        "POST", "/api/auth/login", Map.of("email", email, "password", password), null, device);
                logins.incrementAndGet();
                if (!expect(200, "log in " + email, login)) {
                    Thread.sleep(pause.toMillis());
                    continue;
                }
                String token = login.body().path("token").asString();
                expect(200, "read the profile at once", http.get("/api/users/me", token, device));
                Thread.sleep(pause.toMillis());
                if (round % 3 == 0) {
                    String name = "Customer " + device + " round " + round;
                    expect(200, "rename", http.send("PUT", "/api/users/me", Map.of("name", name), token, device));
                    JsonHttp.Answer renamed = http.get("/api/users/me", token, device);
                    if (expect(200, "read the new name", renamed)
                            && !name.equals(renamed.body().path("name").asString())) {
                        failures.add("read the new name: expected '" + name + "', got " + renamed.text());
                    }
                }
                expect(200, "list my orders at the monolith", http.get("/api/orders", token, device));
                // Past the read-your-writes window of the login: this read goes where the route's mode says.
                Thread.sleep(3_500);
                expect(200, "read the profile later", http.get("/api/users/me", token, device));
                expect(204, "log out", http.send("POST", "/api/auth/logout", null, token, device));
                expect(401, "read the profile after logout", http.get("/api/users/me", token, device));
                Thread.sleep(pause.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failures.add(device + ": " + e);
        }
    }

    private boolean expect(int status, String what, JsonHttp.Answer answer) {
        requests.incrementAndGet();
        if (answer.status() != status) {
            failures.add(what + ": expected " + status + ", got " + answer.status() + " " + answer.text());
            return false;
        }
        return true;
    }

    long requests() {
        return requests.get();
    }

    long logins() {
        return logins.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : devices) {
            t.join(30_000);
        }
    }
}
