package dev.strangler.playbook.discover.schema;

import java.util.List;

/** What {@code strangler discover --database ... --json} prints: the draft's file, its tables in order, its fixes. */
public record SchemaReport(String plan, List<TableReport> tables, List<List<String>> cycles, List<Fix> fixes) {

    /** One table as drafted. */
    public record TableReport(
            String table,
            String target,
            boolean included,
            String leftOutBecause,
            List<String> key,
            String keySource,
            long rowEstimate,
            long bytes,
            List<String> references,
            List<ColumnReport> columns) {}

    /** One column as drafted. */
    public record ColumnReport(
            String name, String type, String identity, String sequence, ColumnTypes.Verdict carried) {}

    public static SchemaReport of(String planFile, PlanDraft draft) {
        return new SchemaReport(
                planFile, draft.tables().stream().map(SchemaReport::table).toList(), draft.cycles(), draft.fixes());
    }

    private static TableReport table(DraftTable t) {
        SourceTable s = t.source();
        return new TableReport(
                s.qualifiedName(),
                t.target(),
                t.included(),
                t.leftOutBecause(),
                t.key(),
                t.keySource(),
                s.rowEstimate(),
                s.bytes(),
                s.parents(),
                s.columns().stream()
                        .map(c -> new ColumnReport(
                                c.name(),
                                c.type(),
                                switch (c.identity()) {
                                    case 'a' -> "always";
                                    case 'd' -> "by-default";
                                    default -> null;
                                },
                                c.sequence(),
                                ColumnTypes.of(c).verdict()))
                        .toList());
    }
}
