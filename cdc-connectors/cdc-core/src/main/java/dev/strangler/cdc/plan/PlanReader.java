package dev.strangler.cdc.plan;

import dev.strangler.cdc.conversion.Conversion;
import dev.strangler.yaml.YamlMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a plan file and checks what can be checked without a database: names, keys, conversions.
 * {@link PlanValidator} then checks it against the databases.
 */
public final class PlanReader {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(:-([^}]*))?}");
    private final YAMLMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public MigrationPlan read(Path file) {
        return read(file, System::getenv);
    }

    /** As {@link #read(Path)}, with placeholders filled from {@code environment}. */
    public MigrationPlan read(Path file, UnaryOperator<String> environment) {
        try {
            return read(file.toString(), Files.readString(file, StandardCharsets.UTF_8), environment);
        } catch (IOException e) {
            throw new PlanException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
    }

    public MigrationPlan read(String source, String text) {
        return read(source, text, System::getenv);
    }

    /**
     * As {@link #read(String, String)}, with {@code ${NAME}} and {@code ${NAME:-default}} in the text
     * replaced from {@code environment}, so one plan serves the sandbox and a team's own databases.
     */
    public MigrationPlan read(String source, String text, UnaryOperator<String> environment) {
        List<String> unresolved = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String value = environment.apply(m.group(1));
            if (value == null) {
                value = m.group(3);
            }
            if (value == null) {
                unresolved.add(m.group(1));
                value = "";
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        m.appendTail(resolved);
        if (!unresolved.isEmpty()) {
            throw new PlanException(
                    source, List.of("environment variables not set and without a default: " + unresolved));
        }
        return parse(source, resolved.toString());
    }

    private MigrationPlan parse(String source, String text) {
        MigrationPlan plan;
        try {
            plan = yaml.readValue(text, MigrationPlan.class);
        } catch (DatabindException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new PlanException(
                    source,
                    List.of("line " + line + ": " + YamlMessages.path(e) + ": "
                            + YamlMessages.described(e, UnaryOperator.identity())));
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new PlanException(source, List.of("line " + line + ": not valid YAML: " + e.getOriginalMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (plan == null || plan.streams() == null || plan.streams().isEmpty()) {
            throw new PlanException(source, List.of("the plan declares no streams"));
        }
        Set<String> names = new HashSet<>();
        for (MigrationPlan.Stream s : plan.streams()) {
            String where = "stream " + (s.name() == null ? "(unnamed)" : s.name());
            if (s.name() == null || !s.name().matches("[a-z][a-z0-9_]{0,40}")) {
                problems.add(where
                        + ": name must be lower-case letters, digits and _ (it names the slot, publication and topic)");
            } else if (!names.add(s.name())) {
                problems.add(where + ": declared twice");
            }
            database(problems, where + ": source", s.source());
            database(problems, where + ": target", s.target());
            if (s.tables() == null || s.tables().isEmpty()) {
                problems.add(where + ": lists no tables");
                continue;
            }
            if (s.isReverse()
                    && plan.streams().stream().noneMatch(o -> s.reverseOf().equals(o.name()) && !o.isReverse())) {
                problems.add(where + ": reverse-of names no forward stream of this plan (was '" + s.reverseOf() + "')");
            }
            Set<String> sources = new HashSet<>();
            for (MigrationPlan.Table t : s.tables()) {
                table(problems, where, t, sources);
            }
        }
        if (!problems.isEmpty()) {
            throw new PlanException(source, problems);
        }
        return plan;
    }

    private static void database(List<String> problems, String where, MigrationPlan.Database db) {
        if (db == null || db.url() == null || !db.url().startsWith("jdbc:postgresql://")) {
            problems.add(where + ": needs url: jdbc:postgresql://host:port/database");
        } else {
            try {
                JdbcUrl.parse(db.url());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        if (db != null && (db.user() == null || db.user().isBlank())) {
            problems.add(where + ": needs user");
        }
    }

    private static void table(List<String> problems, String stream, MigrationPlan.Table t, Set<String> sources) {
        String where = stream + ", table " + t.source();
        if (t.source() == null || !t.source().matches("[^.\"]+\\.[^.\"]+")) {
            problems.add(where + ": source must be schema.table as PostgreSQL stores the names, without quotes "
                    + "(e.g. public.products, public.Reading List)");
            return;
        }
        if (!sources.add(t.source())) {
            problems.add(where + ": listed twice");
        }
        if (t.target() == null || t.target().isBlank()) {
            problems.add(where + ": needs a target table");
        } else if (t.target().contains("\"")) {
            problems.add(where + ": target " + t.target() + " has quotes; write table or schema.table as PostgreSQL "
                    + "stores the names, without quotes (e.g. Reading List, public.Reading List)");
        }
        if (t.apply() != null && !Set.of("upsert", "update-only").contains(t.apply())) {
            problems.add(where + ": apply must be upsert or update-only (was '" + t.apply() + "')");
        }
        if (t.columns() == null || t.columns().isEmpty()) {
            problems.add(where + ": maps no columns");
            return;
        }
        Set<String> targets = new LinkedHashSet<>();
        t.columns().forEach((name, c) -> {
            MigrationPlan.Column col = c == null ? new MigrationPlan.Column(null, null, null, null) : c;
            String target = col.targetName(name);
            if (!targets.add(target)) {
                problems.add(where + ", column " + name + ": target column " + target + " is mapped twice");
            }
            if (col.convert() != null) {
                try {
                    Conversion.of(col.convert())
                            .settingsProblem(col)
                            .ifPresent(p -> problems.add(where + ", column " + name + ": convert: " + p));
                } catch (IllegalArgumentException e) { // not a conversion: the message lists those that are
                    problems.add(where + ", column " + name + ": " + e.getMessage());
                }
            }
        });
        if (t.key() == null || t.key().isEmpty()) {
            problems.add(where + ": needs key: the target columns that identify a row");
        } else {
            for (String k : t.key()) {
                if (!targets.contains(k)) {
                    problems.add(where + ": key column " + k + " is not a mapped target column " + targets);
                }
            }
        }
    }
}
