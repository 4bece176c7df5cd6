package dev.strangler.cdc.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The second reference app's schema (its Flyway V1, read from legacy-monolith/library): the
 * shapes our own sample does not have. A join table keyed by two UUIDs, UUID keys, identity columns
 * ({@code GENERATED ALWAYS} and {@code BY DEFAULT}), arrays, {@code bytea}, {@code jsonb}, names that
 * need quoting, and a table without a primary key.
 */
final class BookshelfSchema {

    /** Read from the app's own migration, so that the app and this test cannot drift apart. */
    static final String V1 = read();

    private BookshelfSchema() {}

    private static String read() {
        // Tests run in the module directory, cdc-connectors/cdc-core.
        Path v1 = Path.of("../../legacy-monolith/library/src/main/resources/db/migration/V1__library.sql");
        try {
            return Files.readString(v1, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the second reference app's schema is read from " + v1.toAbsolutePath(), e);
        }
    }
}
