package dev.strangler.playbook.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an earlier sandbox in the same state directory left and {@code up} started on. {@code down} keeps
 * the parts' data: the monolith's database (its catalog, users and orders), the catalog service's and the
 * gateway's databases, and Kafka's topics, which hold Kafka Connect's connectors and their offsets, so
 * streams applied earlier resume. {@value #START_CLEAN} deletes all of it; the next {@code up} then starts
 * clean.
 *
 * @param data            the data directories an earlier run left (PostgreSQL's cluster, Kafka's log
 *                        directory); empty when the sandbox started clean
 * @param connectors      the Kafka Connect connectors (streams) that came back with Kafka's data, by name, sorted
 * @param catalogProducts the products in the monolith's kept catalog; 0 when its database is new or its catalog
 *                        empty (the monolith then seeds the products asked for)
 */
public record KeptState(List<Path> data, List<String> connectors, int catalogProducts) {

    /** The command that deletes the kept data, so that the next {@code up} starts clean. */
    public static final String START_CLEAN = "strangler sandbox down --wipe";

    /** Nothing kept: a sandbox that started clean. */
    public static final KeptState NONE = new KeptState(List.of(), List.of(), 0);

    public KeptState {
        data = data == null ? List.of() : List.copyOf(data);
        connectors = connectors == null ? List.of() : List.copyOf(connectors);
    }

    /** {@value #START_CLEAN}, with the state directory when it is not the default one. */
    static String startCleanCommand(SandboxSettings settings) {
        return START_CLEAN
                + (settings.stateDir().equals(SandboxSettings.defaultStateDir(settings.home()))
                        ? ""
                        : " --state-dir " + settings.stateDir());
    }

    /** True when the sandbox started from nothing an earlier one left. */
    public boolean clean() {
        return data.isEmpty();
    }

    /** The data an earlier sandbox left for these settings' ports: where this one's parts find it when they start. */
    static KeptState find(SandboxSettings settings) {
        List<Path> found = new ArrayList<>();
        Path postgres = SandboxPostgres.dataDirFor(settings.stateDir(), settings.postgresPort());
        if (Files.exists(postgres.resolve("PG_VERSION"))) {
            found.add(postgres);
        }
        Path kafka = SandboxKafka.dataDirFor(settings.stateDir(), settings.kafkaPort());
        if (Files.exists(kafka.resolve("meta.properties"))) {
            found.add(kafka);
        }
        return new KeptState(found, List.of(), 0);
    }

    KeptState withCatalogProducts(int products) {
        return new KeptState(data, connectors, products);
    }

    KeptState withConnectors(List<String> names) {
        return new KeptState(data, names, catalogProducts);
    }
}
