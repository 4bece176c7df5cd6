package dev.strangler.playbook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.playbook.sandbox.ClassDataArchives.Freshness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchivesTest {

    private static final String JAVA = "java-17-test";
    private static final Path THIS_JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path dir;

    private Path jar;
    private ClassDataArchives archives;
    private List<String> command;

    @BeforeEach
    void jar() throws IOException {
        jar = dir.resolve("target").resolve("app-0.1.0.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "the first build");
        archives = new ClassDataArchives(dir.resolve("class-data"), JAVA, THIS_JAVA);
        command = List.of("-Xmx384m", "-jar", jar.toString(), "--server.port=9001");
    }

    /** What a training run leaves in place: the extracted jar and the archive; then the record of what they came from. */
    private void made(ClassDataArchives archives) throws IOException {
        Files.createDirectories(archives.extractedJar("monolith", jar).getParent());
        Files.writeString(archives.extractedJar("monolith", jar), "extracted");
        Files.writeString(archives.archive("monolith"), "archived classes");
        archives.recordMade("monolith", jar);
    }

    @Test
    void aPartWithoutAnArchiveStartsFromItsJarAsBefore() {
        assertThat(archives.check("monolith", jar).freshness()).isEqualTo(Freshness.MISSING);
        assertThat(archives.launch("monolith", command)).isEqualTo(command);
    }

    @Test
    void aFreshArchiveStartsTheExtractedJarFromTheArchiveWithTheSameOptionsAndArguments() throws IOException {
        made(archives);

        assertThat(archives.check("monolith", jar).freshness()).isEqualTo(Freshness.FRESH);
        assertThat(archives.launch("monolith", command))
                .containsExactly(
                        "-Xmx384m",
                        "-Xshare:auto",
                        "-XX:SharedArchiveFile=" + archives.archive("monolith"),
                        "-jar",
                        archives.extractedJar("monolith", jar).toString(),
                        "--server.port=9001");
    }

    @Test
    void aRebuiltJarOfTheSameSizeMakesTheArchiveStaleAndThePartStartsFromTheNewJar() throws IOException {
        made(archives);
        Files.writeString(jar, "the other build"); // as long as the first
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));

        ClassDataArchives.Check check = archives.check("monolith", jar);

        assertThat(check.freshness()).isEqualTo(Freshness.STALE);
        assertThat(check.reason()).contains("app-0.1.0.jar was rebuilt (its content changed)");
        assertThat(archives.launch("monolith", command)).isEqualTo(command);
    }

    @Test
    void aJarOfAnotherSizeMakesTheArchiveStale() throws IOException {
        made(archives);
        Files.writeString(jar, "a longer second build");

        assertThat(archives.check("monolith", jar).reason()).contains("its size changed");
    }

    @Test
    void aJarOnlyTouchedByABuildThatChangedNothingKeepsItsArchive() throws IOException {
        made(archives);
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

        assertThat(archives.check("monolith", jar).freshness()).isEqualTo(Freshness.FRESH);
    }

    @Test
    void anArchiveMadeWithAnotherJavaIsStale() throws IOException {
        made(archives);

        ClassDataArchives.Check check =
                new ClassDataArchives(dir.resolve("class-data"), "java-21-test", THIS_JAVA).check("monolith", jar);

        assertThat(check.freshness()).isEqualTo(Freshness.STALE);
        assertThat(check.reason()).contains("another Java", "java-17-test", "java-21-test");
    }

    @Test
    void anArchiveWhoseFileIsGoneIsMissingAndThePartStartsFromItsJar() throws IOException {
        made(archives);
        Files.delete(archives.archive("monolith"));

        assertThat(archives.check("monolith", jar).freshness()).isEqualTo(Freshness.MISSING);
        assertThat(archives.launch("monolith", command)).isEqualTo(command);
    }

    @Test
    void anArchiveOfAnotherPartIsNotTakenForThisOne() throws IOException {
        made(archives);

        assertThat(archives.check("gateway", jar).freshness()).isEqualTo(Freshness.MISSING);
    }

    @Test
    void aTrainingRunThatFailsLeavesNoArchiveAndSaysWhereToLookWithoutThrowing() throws IOException {
        Path plain = dir.resolve("plain.jar"); // not a Spring Boot jar: its extraction fails
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plain), new Manifest())) {
            out.flush();
        }
        Path log = dir.resolve("logs").resolve("monolith-class-data.log");

        ClassDataArchives.Training training =
                archives.train("monolith", List.of("-Xmx64m", "-jar", plain.toString()), log, Duration.ofMinutes(1));

        assertThat(training.made()).isFalse();
        assertThat(training.detail()).contains("extracting " + plain + " failed", log.toString());
        assertThat(log).isNotEmptyFile();
        assertThat(archives.check("monolith", plain).freshness()).isEqualTo(Freshness.MISSING);
    }

    @Test
    void aJvmGivenAnArchiveItCannotMapStartsWithoutItRatherThanFailing() throws Exception {
        // The fallback the launch relies on when an archive passes our checks but not the JVM's (a corrupt file).
        Path garbage = dir.resolve("garbage.jsa");
        Files.writeString(garbage, "not a class-data archive");

        Process java = new ProcessBuilder(
                        THIS_JAVA.toString(), "-Xshare:auto", "-XX:SharedArchiveFile=" + garbage, "-version")
                .redirectErrorStream(true)
                .start();
        String output = new String(java.getInputStream().readAllBytes());

        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
        assertThat(output).contains("version");
    }
}
