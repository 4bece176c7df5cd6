package dev.strangler.playbook.replay;

import java.nio.file.Path;

/**
 * A recording directory that cannot be read: names the file and what is wrong with it. An argument error to the
 * command line (exit 2), since the user named the directory.
 */
public final class RecordingException extends IllegalArgumentException {

    RecordingException(Path file, String problem) {
        super(file + ": " + problem);
    }

    RecordingException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
