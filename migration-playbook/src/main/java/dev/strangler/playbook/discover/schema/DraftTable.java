package dev.strangler.playbook.discover.schema;

import java.util.List;

/**
 * A table as the draft plan has it: its key ({@code keySource} says where it came from), and whether it is in
 * the plan or left out as a comment until a fix is made ({@code leftOutBecause}).
 */
public record DraftTable(SourceTable source, List<String> key, String keySource, String leftOutBecause) {

    public boolean included() {
        return leftOutBecause == null;
    }

    /** The target table's name: the source's, without its schema (a person renames it in the draft). */
    public String target() {
        return source.name();
    }
}
