package dev.strangler.playbook.discover.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One thing that keeps a drafted plan from being applied as it is, or that a person must look at.
 *
 * @param table  {@code schema.table}, or null for the stream as a whole
 * @param column the column, or null for the table as a whole
 */
public record Fix(Kind kind, String table, String column, String problem) {

    /** When it must be dealt with. */
    public enum Stage {
        /** The plan cannot be applied (or the table cannot be in it) until this is fixed. */
        BEFORE_APPLY("fix before applying the plan"),
        /** Not known to be wrong: a person must look. */
        CHECK("check"),
        /** Nothing to do to start the stream; needed before the service writes. */
        BEFORE_WRITE_CUTOVER("before the write cutover");

        private final String heading;

        Stage(String heading) {
            this.heading = heading;
        }

        public String heading() {
            return heading;
        }

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What kind of problem, each with its stage. */
    public enum Kind {
        NO_TARGET(Stage.BEFORE_APPLY),
        NO_KEY(Stage.BEFORE_APPLY),
        REPLICA_IDENTITY(Stage.BEFORE_APPLY),
        WAL_LEVEL(Stage.BEFORE_APPLY),
        TYPE_NOT_CARRIED(Stage.BEFORE_APPLY),
        IDENTITY_ALWAYS(Stage.BEFORE_APPLY),
        TARGET(Stage.BEFORE_APPLY),
        TYPE_TO_CHECK(Stage.CHECK),
        FOREIGN_KEY_CYCLE(Stage.CHECK),
        PARENT_LEFT_OUT(Stage.CHECK),
        MIGRATION_HISTORY(Stage.CHECK),
        SEQUENCE(Stage.BEFORE_WRITE_CUTOVER);

        private final Stage stage;

        Kind(Stage stage) {
            this.stage = stage;
        }

        public Stage stage() {
            return stage;
        }

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** When it must be dealt with. */
    @JsonProperty("stage")
    public Stage stage() {
        return kind.stage();
    }

    /** One line: {@code [no-key] public.audit_events: ...}. */
    public String line() {
        String where = table == null ? "stream" : table + (column == null ? "" : "." + column);
        return "[" + kind.id() + "] " + where + ": " + problem;
    }
}
