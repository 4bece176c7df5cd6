package dev.strangler.playbook.migration;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the mobile app keeps doing while the migration happens, through the gateway: browsing the
 * catalog (lists, filters, searches, product pages, categories) as many devices, and an admin
 * changing prices, descriptions and stock now and then (1 request in 100). Bounded: a few users with a pause between requests,
 * stopped by the walk, and never longer than its time limit. Every answer that is not a 2xx is a
 * failure, kept with what was asked.
 */
final class BrowseLoad implements AutoCloseable {

    private final JsonHttp http;
    private final List<Long> productIds;
    private final List<Long> categoryIds;
    private final String adminToken;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> users = new ArrayList<>();
    private final long deadlineNanos;
    private final Duration pause;
    private long untouched;

    private BrowseLoad(
            JsonHttp http,
            List<Long> productIds,
            List<Long> categoryIds,
            String adminToken,
            Duration limit,
            Duration pause) {
        this.http = http;
        this.productIds = productIds;
        this.categoryIds = categoryIds;
        this.adminToken = adminToken;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
        this.pause = pause;
    }

    /**
     * Starts {@code users} devices against the gateway. They use the products of the first pages but the
     * last one, which is left alone for the walk's own checks ({@link #untouched()}).
     */
    static BrowseLoad start(URI gateway, int users, Duration limit, Duration pause) throws Exception {
        JsonHttp http = new JsonHttp(gateway, Duration.ofSeconds(20));
        List<Long> products = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            http.get("/api/products?size=50&page=" + page, null, null)
                    .body()
                    .path("items")
                    .forEach(p -> products.add(p.path("id").asLong()));
        }
        List<Long> categories = new ArrayList<>();
        http.get("/api/categories", null, null)
                .body()
                .forEach(c -> categories.add(c.path("id").asLong()));
        String admin = http.login("admin@example.com", "admin-password");
        long untouched = products.remove(products.size() - 1);
        BrowseLoad load = new BrowseLoad(http, List.copyOf(products), List.copyOf(categories), admin, limit, pause);
        load.untouched = untouched;
        for (int u = 0; u < users; u++) {
            Thread t = new Thread(load::browse, "browse-" + u);
            t.setDaemon(true);
            t.start();
            load.users.add(t);
        }
        return load;
    }

    private void browse() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get() && System.nanoTime() < deadlineNanos) {
            String device = "device-" + random.nextInt(1_000);
            long id = productIds.get(random.nextInt(productIds.size()));
            // Writes stay off the first products, which the contract suite buys and checks while the load runs.
            long writeId =
                    productIds.get(productIds.size() / 2 + random.nextInt(productIds.size() - productIds.size() / 2));
            int dice = random.nextInt(100);
            String method = "GET";
            String path;
            Object body = null;
            String token = null;
            if (dice < 35) {
                path = "/api/products?size=" + (5 + random.nextInt(30)) + "&page=" + random.nextInt(4);
            } else if (dice < 50) {
                path = "/api/products?category=" + categoryIds.get(random.nextInt(categoryIds.size())) + "&size=10";
            } else if (dice < 58) {
                path = "/api/products?q=" + (random.nextBoolean() ? "e" : "pro") + "&size=10";
            } else if (dice < 88) {
                path = "/api/products/" + id;
            } else if (dice < 99) {
                path = "/api/categories";
            } else if (random.nextInt(4) > 0) {
                method = "PATCH";
                path = "/api/admin/products/" + writeId;
                body = random.nextBoolean()
                        ? Map.of("price", (100 + random.nextInt(9_900)) / 100.0)
                        : Map.of("description", "Changed during the migration at " + System.nanoTime());
                token = adminToken;
            } else {
                method = "PUT";
                path = "/api/admin/products/" + writeId + "/stock";
                body = Map.of("quantity", 10 + random.nextInt(90));
                token = adminToken;
            }
            try {
                JsonHttp.Answer a = http.send(method, path, body, token, device);
                requests.incrementAndGet();
                if (!"GET".equals(method)) {
                    writes.incrementAndGet();
                }
                if (!a.ok()) {
                    failures.add(method + " " + path + " -> " + a.status() + " " + a.text());
                }
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                requests.incrementAndGet();
                failures.add(method + " " + path + " -> " + e);
            }
        }
    }

    /** A product the load never writes to. */
    long untouched() {
        return untouched;
    }

    long requests() {
        return requests.get();
    }

    long writes() {
        return writes.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : users) {
            t.join(30_000);
        }
    }
}
