package dev.strangler.playbook.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code sandbox down --wipe} deletes, found in the state directory itself (so it works on a
 * sandbox that was stopped before, whose state file is gone): each PostgreSQL cluster's data (wherever
 * {@link SandboxPostgres#dataDirFor} keeps it), Kafka's logs and Kafka Connect's data. They go
 * together: Connect's stored source offsets point into a database's WAL history, and a new database
 * has none of it (the stream would wait forever for positions no slot backs). Logs are kept. Symbolic
 * links are deleted, never followed.
 */
final class SandboxWipe {

    private static final Pattern DATA_DIR = Pattern.compile("(postgres|kafka|connect)-(\\d{1,5})");

    private final SandboxPostgres postgres;

    SandboxWipe(SandboxPostgres postgres) {
        this.postgres = postgres;
    }

    /** Deletes every part's data in the state directory (the parts must be stopped); returns what it deleted. */
    List<Path> wipe(Path stateDir) {
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(stateDir, LinkOption.NOFOLLOW_LINKS)) {
            return deleted;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(stateDir)) {
            for (Path child : children) {
                Matcher m = DATA_DIR.matcher(child.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (m.group(1).equals("postgres")) {
                    int port = Integer.parseInt(m.group(2));
                    Path data = SandboxPostgres.dataDirFor(stateDir, port);
                    if (Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
                        postgres.destroy(data, port);
                        deleted.add(data);
                    }
                }
                deleteRecursively(child);
                deleted.add(child);
            }
        } catch (IOException e) {
            throw new SandboxException("cannot wipe the sandbox's data in " + stateDir + ": " + e.getMessage());
        }
        return deleted;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        // walkFileTree does not follow links: a link inside is deleted as a link.
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
