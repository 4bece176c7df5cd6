package dev.strangler.playbook.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Class-data-sharing archives of the sandbox's Spring Boot jars, made Spring Boot's documented way: the jar
 * extracted ({@code java -Djarmode=tools -jar app.jar extract}), a training run of the extracted jar that exits
 * once its context is refreshed ({@code -Dspring.context.exit=onRefresh}) and leaves the classes it loaded in
 * an archive ({@code -XX:ArchiveClassesAtExit}), then every start with {@code -XX:SharedArchiveFile}: the JVM
 * maps those classes instead of finding, parsing and verifying them again, which is most of what a Spring Boot
 * start does on a busy machine.
 *
 * <p>An archive belongs to one build of one jar and one Java: it records the classpath it was made for and the
 * JVM refuses it otherwise. So each is kept in {@code <root>/<name>/} with the extracted jar and a
 * {@code source.properties} that says which jar (path, size, time, SHA-256) and which Java it was made from,
 * written last. {@link #check} compares that with the jar as it is now; only a {@link Freshness#FRESH} archive
 * is used ({@link #launch}), anything else starts the part from its jar as before, never fails a start, and
 * is made again ({@link #train}) once the sandbox is up. A jar that was only touched (the {@code strangler}
 * script touches the jars after a build that changed nothing in them) keeps its archive: same size and hash.
 */
final class ClassDataArchives {

    /** Whether a jar's archive can be used. */
    enum Freshness {
        /** Made from this very jar with this Java: start the extracted jar with the archive. */
        FRESH,
        /** None made yet (or a training run did not finish). */
        MISSING,
        /** Made from another build of the jar, or with another Java. */
        STALE
    }

    /** A jar's archive as it stands, and why, for the user. */
    record Check(Freshness freshness, String reason) {}

    /** What a training run left: an archive, or why not. */
    record Training(String name, boolean made, String detail) {}

    static final String SOURCE_FILE = "source.properties";
    private static final String EXTRACTED = "extracted";

    private final Path root;
    private final String javaIdentity;
    private final Path javaCommand;

    /**
     * @param root        where the archives are kept (once per checkout, shared by every state directory)
     * @param java        the identity of the Java the parts run on (an archive made with another is stale)
     * @param javaCommand the {@code java} launcher that extracts and trains
     */
    ClassDataArchives(Path root, String java, Path javaCommand) {
        this.root = root.toAbsolutePath().normalize();
        this.javaIdentity = java;
        this.javaCommand = javaCommand;
    }

    /** Archives under {@code root} for the Java this program runs on, which is the one the parts run on. */
    static ClassDataArchives forThisJava(Path root) {
        return new ClassDataArchives(
                root,
                System.getProperty("java.home") + " " + System.getProperty("java.vm.version"),
                Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    Path root() {
        return root;
    }

    /** The archive file of {@code name}, where {@link #train} leaves it. */
    Path archive(String name) {
        return root.resolve(name).resolve(name + ".jsa");
    }

    /** The extracted jar of {@code name}: the classpath its archive was made for. */
    Path extractedJar(String name, Path jar) {
        return root.resolve(name).resolve(EXTRACTED).resolve(jar.getFileName().toString());
    }

    /** Whether {@code name}'s archive was made from {@code jar} as it is now, with this Java. */
    Check check(String name, Path jar) {
        Path sourceFile = root.resolve(name).resolve(SOURCE_FILE);
        if (!Files.isRegularFile(sourceFile)) {
            return new Check(Freshness.MISSING, "no class-data archive made yet");
        }
        if (!Files.isRegularFile(archive(name)) || !Files.isRegularFile(extractedJar(name, jar))) {
            return new Check(
                    Freshness.MISSING, "the archive or the extracted jar in " + root.resolve(name) + " is gone");
        }
        Properties source = new Properties();
        try (InputStream in = Files.newInputStream(sourceFile)) {
            source.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return new Check(Freshness.STALE, "its " + sourceFile + " cannot be read: " + e.getMessage());
        }
        if (!javaIdentity.equals(source.getProperty("java"))) {
            return new Check(
                    Freshness.STALE,
                    "made with another Java (" + source.getProperty("java") + ", now " + javaIdentity + ")");
        }
        if (!jar.toAbsolutePath().normalize().toString().equals(source.getProperty("jar"))) {
            return new Check(Freshness.STALE, "made from another jar (" + source.getProperty("jar") + ")");
        }
        try {
            long size = Files.size(jar);
            if (!Long.toString(size).equals(source.getProperty("size"))) {
                return new Check(Freshness.STALE, jar.getFileName() + " was rebuilt (its size changed)");
            }
            long modified = Files.getLastModifiedTime(jar).toMillis();
            if (!Long.toString(modified).equals(source.getProperty("modified"))
                    && !sha256(jar).equals(source.getProperty("sha256"))) {
                return new Check(Freshness.STALE, jar.getFileName() + " was rebuilt (its content changed)");
            }
        } catch (IOException e) {
            return new Check(Freshness.STALE, jar + " cannot be read: " + e.getMessage());
        }
        return new Check(Freshness.FRESH, "made from this build of " + jar.getFileName());
    }

    /**
     * The part's command line with its archive when that is fresh (the extracted jar, mapped from the archive),
     * else as it was: {@code command} is {@code [jvm options..., -jar, JAR, arguments...]}.
     */
    List<String> launch(String name, List<String> command) {
        JarCommand jarCommand = JarCommand.of(command);
        if (check(name, jarCommand.jar()).freshness() != Freshness.FRESH) {
            return command;
        }
        List<String> options = new ArrayList<>(jarCommand.jvmOptions());
        // auto (the default, said here for the reader): a JVM that cannot map the archive starts without it.
        options.add("-Xshare:auto");
        options.add("-XX:SharedArchiveFile=" + archive(name));
        return jarCommand.with(options, extractedJar(name, jarCommand.jar()));
    }

    /**
     * Makes {@code name}'s archive from {@code trainingCommand} ({@code [jvm options..., -jar, JAR, arguments...]},
     * arguments such that the application can refresh its context: its database reachable), its output in
     * {@code log}. Never throws for a run that fails: the part keeps starting from its jar, and the reason is
     * returned. Skipped while another {@code up} makes the same archive.
     */
    Training train(String name, List<String> trainingCommand, Path log, Duration timeout) {
        JarCommand command = JarCommand.of(trainingCommand);
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(root);
            try (FileChannel lockFile = FileChannel.open(
                            root.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = tryLock(lockFile)) {
                if (lock == null) {
                    return new Training(name, false, "another `sandbox up` is making it");
                }
                // source.properties goes first and comes back last: a run that dies half way leaves no archive in use.
                deleteRecursively(dir);
                Files.createDirectories(dir);
                Files.createDirectories(log.toAbsolutePath().getParent());
                int extracted = run(
                        List.of(
                                javaCommand.toString(),
                                "-Djarmode=tools",
                                "-jar",
                                command.jar().toString(),
                                "extract",
                                "--destination",
                                dir.resolve(EXTRACTED).toString()),
                        log,
                        timeout);
                if (extracted != 0 || !Files.isRegularFile(extractedJar(name, command.jar()))) {
                    return new Training(
                            name,
                            false,
                            "extracting " + command.jar() + " failed (exit " + extracted + "), see " + log);
                }
                Path partial = dir.resolve(name + ".jsa.partial");
                List<String> options = new ArrayList<>(List.of(javaCommand.toString()));
                options.addAll(command.jvmOptions());
                options.add("-XX:ArchiveClassesAtExit=" + partial);
                options.add("-Dspring.context.exit=onRefresh");
                int trained = run(command.with(options, extractedJar(name, command.jar())), log, timeout);
                if (trained != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
                    return new Training(
                            name, false, "the training run failed (exit " + trained + ", no archive), see " + log);
                }
                Files.move(partial, archive(name), StandardCopyOption.ATOMIC_MOVE);
                recordMade(name, command.jar());
                return new Training(name, true, Files.size(archive(name)) / (1024 * 1024) + " MB");
            }
        } catch (IOException | UncheckedIOException e) {
            return new Training(name, false, "could not make it in " + dir + ": " + e.getMessage());
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * Records that {@code name}'s archive and extracted jar, in place, were made from {@code jar} as it is now with
     * this Java: the last step of {@link #train}, after which {@link #check} finds the archive fresh.
     */
    void recordMade(String name, Path jar) throws IOException {
        Path dir = root.resolve(name);
        Properties source = new Properties();
        source.setProperty("jar", jar.toAbsolutePath().normalize().toString());
        source.setProperty("size", Long.toString(Files.size(jar)));
        source.setProperty(
                "modified", Long.toString(Files.getLastModifiedTime(jar).toMillis()));
        source.setProperty("sha256", sha256(jar));
        source.setProperty("java", javaIdentity);
        Path partial = dir.resolve(SOURCE_FILE + ".partial");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            source.store(out, "the jar and Java this class-data archive was made from; made by `strangler sandbox up`");
        }
        Files.move(partial, dir.resolve(SOURCE_FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs a short-lived process to its end (or kills it at the timeout); its exit code, -1 when killed. */
    private static int run(List<String> command, Path log, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (DigestInputStream in =
                new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A Java part's command line: {@code [jvm options..., -jar, JAR, application arguments...]}. */
    record JarCommand(List<String> jvmOptions, Path jar, List<String> arguments) {

        static JarCommand of(List<String> command) {
            int at = command.indexOf("-jar");
            if (at < 0 || at + 1 >= command.size()) {
                throw new IllegalArgumentException("not a `-jar JAR` command line: " + command);
            }
            return new JarCommand(
                    List.copyOf(command.subList(0, at)),
                    Path.of(command.get(at + 1)),
                    List.copyOf(command.subList(at + 2, command.size())));
        }

        /** This command with other JVM options and another jar, the same application arguments. */
        List<String> with(List<String> options, Path otherJar) {
            List<String> all = new ArrayList<>(options);
            all.add("-jar");
            all.add(otherJar.toString());
            all.addAll(arguments);
            return List.copyOf(all);
        }
    }
}
