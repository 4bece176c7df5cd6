package dev.strangler.monolith.seed;

import dev.strangler.monolith.users.User;
import dev.strangler.monolith.users.UserService;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fills an empty catalog with a chosen number of generated products (deterministic: the same
 * count gives the same catalog), plus an admin and a demo customer. Does nothing when
 * {@code seed.products} is 0 or the catalog already has products.
 */
@Component
class SeedData implements ApplicationRunner {

    static final String[] CATEGORIES = {"Phones", "Laptops", "Audio", "Cameras", "Gaming", "Home", "Books", "Sports"};
    private static final String[] ADJECTIVES = {
        "Compact",
        "Wireless",
        "Classic",
        "Rugged",
        "Smart",
        "Ultra",
        "Portable",
        "Premium",
        "Eco",
        "Pro",
        "Mini",
        "Vintage"
    };
    private static final String[] NOUNS = {
        "Phone",
        "Laptop",
        "Headphones",
        "Speaker",
        "Camera",
        "Controller",
        "Lamp",
        "Kettle",
        "Novel",
        "Backpack",
        "Watch",
        "Charger",
        "Tripod",
        "Keyboard",
        "Bottle",
        "Tent"
    };
    private static final String[] FEATURES = {
        "long battery life",
        "a water-resistant body",
        "a two-year warranty",
        "recycled materials",
        "fast charging",
        "a carrying case",
        "noise cancelling",
        "a matte finish"
    };
    private static final int BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(SeedData.class);

    private final SeedProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final UserService users;
    private final Clock clock;

    SeedData(SeedProperties properties, JdbcTemplate jdbc, TransactionTemplate tx, UserService users, Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.tx = tx;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.products() == 0) {
            return;
        }
        ensureUser(properties.adminEmail(), properties.adminPassword(), "Admin", User.Role.ADMIN);
        ensureUser(properties.demoEmail(), properties.demoPassword(), "Demo Customer", User.Role.CUSTOMER);
        Integer existing = jdbc.queryForObject("SELECT count(*) FROM products", Integer.class);
        if (existing != null && existing > 0) {
            log.info("catalog already has {} products: seeding skipped", existing);
            return;
        }
        long begin = System.nanoTime();
        tx.executeWithoutResult(status -> seedCatalog(properties.products()));
        log.info("seeded {} products in {} ms", properties.products(), (System.nanoTime() - begin) / 1_000_000);
    }

    private void ensureUser(String email, String password, String name, User.Role role) {
        if (!users.exists(email)) {
            users.register(email, password, name, role);
        }
    }

    private void seedCatalog(int count) {
        List<Long> categoryIds = new ArrayList<>();
        for (String name : CATEGORIES) {
            categoryIds.add(jdbc.queryForObject(
                    "INSERT INTO categories (name, slug) VALUES (?, ?) RETURNING id",
                    Long.class,
                    name,
                    name.toLowerCase(Locale.ROOT)));
        }
        Random random = new Random(42);
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> batch = new ArrayList<>(BATCH);
        for (int i = 1; i <= count; i++) {
            String name = pick(random, ADJECTIVES) + " " + pick(random, NOUNS) + " " + (char) ('A' + random.nextInt(26))
                    + (100 + random.nextInt(900));
            String description = name + " with " + pick(random, FEATURES) + " and " + pick(random, FEATURES) + ".";
            int priceCents = 199 + random.nextInt(199_800);
            // About one product in twenty is sold out.
            int stock = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(200);
            batch.add(new Object[] {
                String.format("SKU-%07d", i),
                name,
                description,
                categoryIds.get(random.nextInt(categoryIds.size())),
                priceCents,
                stock,
                "BIN-" + (1 + random.nextInt(400)),
                "SUP-" + (1 + random.nextInt(50)),
                now,
                now
            });
            if (batch.size() == BATCH || i == count) {
                jdbc.batchUpdate(
                        "INSERT INTO products (sku, name, description, category_id, price_cents, currency, stock_qty,"
                                + " warehouse_bin, supplier_code, is_active, created_at, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?, 'EUR', ?, ?, ?, TRUE, ?, ?)",
                        batch);
                batch.clear();
            }
        }
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
