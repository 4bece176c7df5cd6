package dev.strangler.playbook.discover.schema;

import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanException;
import dev.strangler.cdc.plan.PlanValidator;
import dev.strangler.cdc.plan.ReplicaIdentity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Drafts one stream of a plan from a source schema: tables in foreign-key order, each column mapped to a column of
 * the same name, and every problem found as a {@link Fix}. What the plan format or the pipeline already checks is
 * asked of them, not written again here: {@link ReplicaIdentity} says whether a key can be the stream's, and when
 * a target database is given, {@link PlanValidator} checks the draft against both databases.
 */
public final class PlanDrafter {

    /**
     * Names the plan format takes as they are: {@code PlanReader} reads sources as plain identifiers, and
     * {@code PlanValidator} looks tables up as SQL names, which folds upper case.
     */

    /** Where the draft's databases are, and the plan as the validator needs it (passwords resolved). */
    public record Databases(MigrationPlan.Database source, MigrationPlan.Database target) {}

    public PlanDraft draft(
            Connection source, String streamName, ForeignKeyOrder order, Databases written, Databases resolved)
            throws SQLException {
        List<Fix> fixes = new ArrayList<>();
        Set<String> selected =
                order.tables().stream().map(SourceTable::qualifiedName).collect(Collectors.toSet());
        if (written.target() == null) {
            fixes.add(new Fix(
                    Fix.Kind.NO_TARGET,
                    null,
                    null,
                    "no target database given: set the stream's target (or run discover with --target-url), "
                            + "then create the target tables with the service's migrations"));
        }
        for (List<String> cycle : order.cycles()) {
            fixes.add(new Fix(
                    Fix.Kind.FOREIGN_KEY_CYCLE,
                    cycle.get(0),
                    null,
                    "foreign keys form a cycle " + cycle + ": no order puts every parent first; the draft lists them "
                            + "by name. The sink applies changes in commit order, so rows the source wrote in one "
                            + "transaction arrive in it too, but the snapshot does not: make one of the target's "
                            + "foreign keys DEFERRABLE INITIALLY DEFERRED, or leave it out of the target"));
        }
        List<DraftTable> tables = new ArrayList<>();
        for (SourceTable t : order.tables()) {
            tables.add(table(source, t, selected, written.target() == null, fixes));
        }
        if (written.target() == null) {
            walLevel(source, fixes);
        } else {
            validate(streamName, tables, resolved, fixes);
        }
        return new PlanDraft(streamName, written, tables, order.cycles(), List.copyOf(fixes));
    }

    private static DraftTable table(
            Connection source, SourceTable t, Set<String> selected, boolean noTarget, List<Fix> fixes)
            throws SQLException {
        String name = t.qualifiedName();
        for (String parent : t.parents()) {
            if (!selected.contains(parent)) {
                fixes.add(new Fix(
                        Fix.Kind.PARENT_LEFT_OUT,
                        name,
                        null,
                        "references " + parent + ", which --tables leaves out: its rows must reach the target too "
                                + "(add it to --tables) or the target must not have that foreign key"));
            }
        }
        for (SourceColumn c : t.columns()) {
            ColumnTypes.Treatment treatment = ColumnTypes.of(c);
            switch (treatment.verdict()) {
                case NOT_CARRIED ->
                    fixes.add(new Fix(
                            Fix.Kind.TYPE_NOT_CARRIED,
                            name,
                            c.name(),
                            treatment.why().orElseThrow()));
                case CHECK ->
                    fixes.add(new Fix(
                            Fix.Kind.TYPE_TO_CHECK,
                            name,
                            c.name(),
                            treatment.why().orElseThrow()));
                case CARRIED -> {
                    // nothing to say
                }
            }
            // A key column may be GENERATED ALWAYS in the target: the sink writes it with OVERRIDING SYSTEM VALUE.
            if (c.identity() == 'a' && noTarget && !t.primaryKey().contains(c.name())) {
                fixes.add(new Fix(
                        Fix.Kind.IDENTITY_ALWAYS,
                        name,
                        c.name(),
                        "is GENERATED ALWAYS AS IDENTITY: the stream writes the source's values into the target's "
                                + c.name() + ", which a GENERATED ALWAYS column refuses (only an INSERT with "
                                + "OVERRIDING SYSTEM VALUE may give one, and the sink's upserts do not); declare it "
                                + "GENERATED BY DEFAULT AS IDENTITY (or without identity) in the target"));
            }
            if (c.sequence() != null) {
                fixes.add(
                        new Fix(
                                Fix.Kind.SEQUENCE,
                                name,
                                c.name(),
                                "takes its values from the sequence " + c.sequence() + ": the stream moves rows, not "
                                        + "sequences, so the target's sequence must be moved past the synced values before the "
                                        + "service inserts (`strangler writes cutover` does it for the stream's target tables)"));
            }
        }
        if (!t.primaryKey().isEmpty()) {
            return keyed(source, t, t.primaryKey(), "primary key", fixes);
        }
        if (!t.uniqueKeys().isEmpty()) {
            SourceTable.UniqueKey unique = t.uniqueKeys().get(0);
            return keyed(source, t, unique.columns(), "unique index " + unique.index(), fixes);
        }
        fixes.add(new Fix(
                Fix.Kind.NO_KEY,
                name,
                null,
                "has no primary key and no unique index on NOT NULL columns: the sink finds the target's row by a key, "
                        + "and PostgreSQL refuses UPDATE and DELETE on a published table without a replica identity. "
                        + "Give it a key (ALTER TABLE " + t.sqlName() + " ADD COLUMN id bigint GENERATED BY DEFAULT "
                        + "AS IDENTITY PRIMARY KEY), or, if its rows are never updated or deleted, ALTER TABLE "
                        + t.sqlName() + " REPLICA IDENTITY FULL keeps the monolith working and a key of the columns "
                        + "that tell rows apart goes in the plan; until then it stays on the monolith"));
        return new DraftTable(t, List.of(), null, "it has no key");
    }

    private static DraftTable keyed(
            Connection source, SourceTable t, List<String> key, String keySource, List<Fix> fixes) throws SQLException {
        for (String problem : ReplicaIdentity.problems(source, planTable(t, key))) {
            fixes.add(new Fix(Fix.Kind.REPLICA_IDENTITY, t.qualifiedName(), null, problem));
        }
        return new DraftTable(t, key, keySource, null);
    }

    private static void walLevel(Connection source, List<Fix> fixes) throws SQLException {
        try (ResultSet rs = source.createStatement().executeQuery("SHOW wal_level")) {
            rs.next();
            if (!"logical".equals(rs.getString(1))) {
                fixes.add(new Fix(
                        Fix.Kind.WAL_LEVEL,
                        null,
                        null,
                        "the source database has wal_level=" + rs.getString(1)
                                + "; change-data capture needs wal_level=logical (postgresql.conf, then restart)"));
            }
        }
    }

    /** The draft's tables checked against both databases by the plan's own validator, its problems as fixes. */
    private static void validate(String streamName, List<DraftTable> tables, Databases resolved, List<Fix> fixes) {
        List<MigrationPlan.Table> included = tables.stream()
                .filter(DraftTable::included)
                .map(t -> planTable(t.source(), t.key()))
                .toList();
        if (included.isEmpty()) {
            return;
        }
        MigrationPlan plan = new MigrationPlan(
                List.of(new MigrationPlan.Stream(streamName, resolved.source(), resolved.target(), included)));
        try {
            new PlanValidator().validate("the draft", plan);
        } catch (PlanException rejected) {
            for (String problem : rejected.problems()) {
                fixes.add(new Fix(Fix.Kind.TARGET, null, null, problem));
            }
        }
    }

    /** The table as the plan has it: every column to a column of the same name. */
    static MigrationPlan.Table planTable(SourceTable t, List<String> key) {
        Map<String, MigrationPlan.Column> columns = new LinkedHashMap<>();
        for (SourceColumn c : t.columns()) {
            columns.put(c.name(), null);
        }
        return new MigrationPlan.Table(t.qualifiedName(), t.name(), key, columns);
    }
}
