package dev.strangler.playbook.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The WireMock stubs of the provider stand-ins, shipped as resources under {@code sandbox/providers}
 * and copied at each {@code up} into a WireMock root directory per provider in the state directory
 * (WireMock reads its mappings from files, and a jar has no directory to list, hence the file names here).
 */
final class ProviderStubs {

    private static final String RESOURCE_ROOT = "sandbox/providers/";

    private static final Map<SandboxPart, Stub> STUBS = Map.of(
            SandboxPart.PAYMENT_PROVIDER,
                    new Stub(
                            "payment",
                            List.of(
                                    "charge-succeeded.json",
                                    "charge-declined.json",
                                    "refund-succeeded.json",
                                    "charges-by-reference.json")),
            SandboxPart.NOTIFICATION_PROVIDER, new Stub("notification", List.of("message-accepted.json")));

    private record Stub(String directory, List<String> mappings) {}

    private ProviderStubs() {}

    /** Writes the provider's mappings under {@code <stateDir>/providers/<name>} (replacing old ones) and returns that WireMock root. */
    static Path writeRootDir(SandboxPart provider, Path stateDir) {
        Stub stub = STUBS.get(provider);
        if (stub == null) {
            throw new IllegalArgumentException(provider.label() + " is not a provider stand-in");
        }
        Path root = stateDir.resolve("providers").resolve(stub.directory());
        Path mappings = root.resolve("mappings");
        try {
            deleteRecursively(root);
            Files.createDirectories(mappings);
            Files.createDirectories(root.resolve("__files"));
            for (String name : stub.mappings()) {
                String resource = RESOURCE_ROOT + stub.directory() + "/mappings/" + name;
                try (InputStream in = ProviderStubs.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("resource " + resource + " is missing from the build");
                    }
                    Files.copy(in, mappings.resolve(name));
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the " + provider.label() + " stubs into " + root, e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
