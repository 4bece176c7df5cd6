package dev.strangler.playbook.discover.schema;

import static dev.strangler.playbook.discover.YamlText.comment;
import static dev.strangler.playbook.discover.YamlText.list;
import static dev.strangler.playbook.discover.YamlText.scalar;

import dev.strangler.cdc.plan.MigrationPlan;
import java.util.List;

/**
 * A drafted CDC plan: one stream, its tables in foreign-key order, the cycles found, and what must be fixed. Its
 * {@link #yaml() text} is the plan format {@code PlanReader} reads, with the fix list at the top as comments and
 * the tables that cannot be in the plan yet written out as comments where they belong.
 */
public record PlanDraft(
        String stream,
        PlanDrafter.Databases databases,
        List<DraftTable> tables,
        List<List<String>> cycles,
        List<Fix> fixes) {

    /** The fixes of one stage. */
    public List<Fix> fixes(Fix.Stage stage) {
        return fixes.stream().filter(f -> f.stage() == stage).toList();
    }

    /** The plan file's text. */
    public String yaml() {
        StringBuilder y = new StringBuilder();
        y.append("# DRAFT CDC plan written by `strangler discover`: a starting point a person edits, not a plan to\n")
                .append("# apply as it is. Every column is mapped one to one to a column of the same name.\n")
                .append("# To fill in: the target database (url, user, password variable); each table's target name;\n")
                .append("# the columns the service does not take (delete their lines); renames (to: new_name) and\n")
                .append(
                        "# conversions (convert: ...). Then fix what is listed below: `strangler cdc render --plan FILE`\n")
                .append(
                        "# reads the plan, `strangler cdc apply` checks it against both databases before applying it.\n");
        for (Fix.Stage stage : Fix.Stage.values()) {
            List<Fix> some = fixes(stage);
            y.append("#\n# ")
                    .append(Character.toUpperCase(stage.heading().charAt(0)))
                    .append(stage.heading().substring(1))
                    .append(" (")
                    .append(some.size())
                    .append(")")
                    .append(some.isEmpty() ? ": nothing" : ":")
                    .append('\n');
            for (Fix f : some) {
                y.append("#   - ").append(comment(f.line())).append('\n');
            }
        }
        y.append("streams:\n");
        y.append("  - name: ").append(scalar(stream)).append('\n');
        database(y, "source", databases.source());
        if (databases.target() == null) {
            y.append("    target:                      # fill in: the service's database\n")
                    .append("      url: \"${STRANGLER_TARGET_DB_URL}\"\n")
                    .append("      user: \"${STRANGLER_TARGET_DB_USER}\"\n")
                    .append("      password: \"${STRANGLER_TARGET_DB_PASSWORD}\"\n");
        } else {
            database(y, "target", databases.target());
        }
        y.append("    tables:\n");
        for (DraftTable t : tables) {
            table(y, t);
        }
        return y.toString();
    }

    private static void database(StringBuilder y, String side, MigrationPlan.Database db) {
        y.append("    ").append(side).append(":\n");
        y.append("      url: ").append(scalar(db.url())).append('\n');
        y.append("      user: ").append(scalar(db.user())).append('\n');
        if (db.password() != null) {
            y.append("      password: ").append(scalar(db.password())).append('\n');
        }
    }

    private static void table(StringBuilder y, DraftTable t) {
        SourceTable s = t.source();
        String rows = s.rowEstimate() < 0 ? "rows unknown (never analyzed)" : "~" + s.rowEstimate() + " rows";
        String prefix = t.included() ? "" : "# ";
        y.append("      # ")
                .append(s.sqlName())
                .append(": ")
                .append(rows)
                .append(", ")
                .append(size(s.bytes()))
                .append(s.parents().isEmpty() ? "" : "; references " + String.join(", ", s.parents()))
                .append('\n');
        if (!t.included()) {
            y.append("      # LEFT OUT until fixed (")
                    .append(t.leftOutBecause())
                    .append(", see the fix list); as it would be:\n");
        }
        y.append("      ")
                .append(prefix)
                .append("- source: ")
                .append(scalar(s.qualifiedName()))
                .append('\n');
        y.append("      ")
                .append(prefix)
                .append("  target: ")
                .append(scalar(t.target()))
                .append('\n');
        y.append("      ")
                .append(prefix)
                .append("  key: ")
                .append(list(t.key()))
                .append(t.keySource() == null ? "" : "   # " + t.keySource())
                .append('\n');
        y.append("      ").append(prefix).append("  columns:\n");
        for (SourceColumn c : s.columns()) {
            y.append("      ")
                    .append(prefix)
                    .append("    ")
                    .append(scalar(c.name()))
                    .append(": {}")
                    .append("   # ")
                    .append(c.type())
                    .append(c.notNull() ? " not null" : "")
                    .append(
                            c.identity() == 'a'
                                    ? ", generated always as identity"
                                    : c.identity() == 'd' ? ", generated by default as identity" : "")
                    .append('\n');
        }
    }

    private static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return (bytes / 1024) + " kB";
        }
        return (bytes / (1024 * 1024)) + " MB";
    }
}
