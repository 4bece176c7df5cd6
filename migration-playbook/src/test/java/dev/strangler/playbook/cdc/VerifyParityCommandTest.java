package dev.strangler.playbook.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.infra.postgres.SharedPostgres;
import dev.strangler.playbook.StranglerCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code strangler verify parity} on two databases that differ by one row of each kind. */
class VerifyParityCommandTest {

    @TempDir
    static Path dir;

    static Path plan;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void twoDatabasesOneRowOfEachKindApart() throws Exception {
        String source = SharedPostgres.freshDatabase("verify_src");
        String target = SharedPostgres.freshDatabase("verify_dst");
        for (String db : new String[] {source, target}) {
            exec(db, """
                    CREATE TABLE items (id bigint PRIMARY KEY, label text, price numeric(8,2));
                    INSERT INTO items SELECT i, 'item ' || i, i / 4.0 FROM generate_series(1, 3000) i;
                    """);
        }
        exec(target, """
                DELETE FROM items WHERE id = 10;
                INSERT INTO items VALUES (5000, 'new', 1);
                UPDATE items SET label = 'changed' WHERE id = 20;
                """);
        plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                streams:
                  - name: items
                    source: {url: "%s", user: postgres, password: "%s"}
                    target: {url: "%s", user: postgres, password: "%s"}
                    tables:
                      - {source: public.items, target: items, key: [id], columns: {id: {}, label: {}, price: {}}}
                """.formatted(
                        SharedPostgres.cluster().jdbcUrl(source),
                        SharedPostgres.cluster().password(),
                        SharedPostgres.cluster().jdbcUrl(target),
                        SharedPostgres.cluster().password()));
    }

    @Test
    void jsonNamesEachRowAndTheColumnThatDiffersAndNoProgressGoesToAPipe() throws Exception {
        int exit = run("verify", "parity", "--plan", plan.toString(), "--json", "--chunk", "100");

        assertThat(exit).as(err.toString()).isEqualTo(1);
        JsonNode table = JsonMapper.builder().build().readTree(out.toString()).get(0);
        assertThat(table.get("missing").toString()).isEqualTo("[\"10\"]");
        assertThat(table.get("extra").toString()).isEqualTo("[\"5000\"]");
        assertThat(table.get("differentColumns").toString()).isEqualTo("{\"20\":[\"label\"]}");
        assertThat(table.get("sourceRows").asLong()).isEqualTo(3000);
        assertThat(err.toString())
                .as("progress is for a terminal unless asked for")
                .doesNotContain("...");
    }

    @Test
    void theReportListsTheDifferingColumnNextToTheKeyAndTheRowMethodFindsTheSameKeys() {
        assertThat(run("verify", "parity", "--plan", plan.toString())).isEqualTo(1);
        assertThat(out.toString())
                .contains(
                        "DIFFER public.items -> items: 3000 source rows, 3000 target rows, 1 missing, 1 extra, 1 different")
                .contains("missing in target: 10")
                .contains("extra in target: 5000")
                .contains("different: 20 (label)");

        out.getBuffer().setLength(0);
        assertThat(run("verify", "parity", "--plan", plan.toString(), "--method", "rows"))
                .isEqualTo(1);
        assertThat(out.toString()).contains("missing in target: 10", "extra in target: 5000", "different: 20");
    }

    @Test
    void aChunkOfNoRowsIsRefusedWithTheOptionNamed() {
        assertThat(run("verify", "parity", "--plan", plan.toString(), "--chunk", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--chunk and --parallel must be at least 1");
    }

    private int run(String... args) {
        CommandLine cli = StranglerCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    static void exec(String db, String sql) throws Exception {
        try (Connection c = SharedPostgres.cluster().connect(db);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
