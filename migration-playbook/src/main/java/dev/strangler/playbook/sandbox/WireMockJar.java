package dev.strangler.playbook.sandbox;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The WireMock standalone jar the provider stand-ins run from: the very jar this program loaded
 * WireMock from. Run from the IDE or the tests that is a jar in the Maven repository; run from the
 * {@code strangler.jar} executable it is a jar nested inside it, which is copied out once into the
 * state directory, since a JVM cannot take a nested jar on its class path.
 */
final class WireMockJar {

    private static final String NESTED_PREFIX = "jar:nested:";

    private WireMockJar() {}

    static Path locate(Path extractDir) {
        URL location =
                WireMockServer.class.getProtectionDomain().getCodeSource().getLocation();
        String text = location.toString();
        try {
            if ("file".equals(location.getProtocol())) {
                return Path.of(location.toURI());
            }
            if (text.startsWith(NESTED_PREFIX)) {
                // jar:nested:/path/strangler.jar/!BOOT-INF/lib/wiremock-standalone-x.jar!/
                String rest = text.substring(NESTED_PREFIX.length());
                int separator = rest.indexOf("/!");
                Path outer = Path.of(URLDecoder.decode(rest.substring(0, separator), StandardCharsets.UTF_8));
                String entry = rest.substring(separator + 2);
                if (entry.endsWith("!/")) {
                    entry = entry.substring(0, entry.length() - 2);
                }
                return extract(outer, entry, extractDir);
            }
        } catch (URISyntaxException | RuntimeException e) {
            throw new SandboxException(
                    "cannot tell where the WireMock jar is (loaded from " + text + "): " + e.getMessage(), e);
        }
        throw new SandboxException("cannot run the provider stand-ins: WireMock was loaded from " + text
                + ", which is neither a jar file nor a jar nested in strangler.jar");
    }

    private static Path extract(Path outerJar, String entryName, Path extractDir) {
        try (ZipFile zip = new ZipFile(outerJar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new SandboxException(
                        "WireMock is not in " + outerJar + " at " + entryName + "; rebuild with `mvn install`");
            }
            Path target = extractDir.resolve(Path.of(entryName).getFileName());
            if (Files.exists(target) && Files.size(target) == entry.getSize()) {
                return target;
            }
            Files.createDirectories(extractDir);
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy WireMock out of " + outerJar + " into " + extractDir, e);
        }
    }
}
