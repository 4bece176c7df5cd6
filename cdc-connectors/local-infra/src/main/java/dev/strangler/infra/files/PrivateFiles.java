package dev.strangler.infra.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files that hold a secret (a password, a token): readable and writable by their owner only, from the moment they exist. */
public final class PrivateFiles {

    private PrivateFiles() {}

    /**
     * Writes {@code content} into a new file readable by its owner only, replacing one that exists: the
     * file is created private and then written, so there is never a moment in which others may read it.
     */
    public static void write(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
