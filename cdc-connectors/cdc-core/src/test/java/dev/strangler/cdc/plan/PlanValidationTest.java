package dev.strangler.cdc.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.strangler.infra.postgres.SharedPostgres;

/** A bad plan is refused before anything is applied, each problem naming the stream, table and column. */
class PlanValidationTest {

    static String source;
    static String target;

    @BeforeAll
    static void databases() throws Exception {
        source = SharedPostgres.freshDatabase("plan_src");
        target = SharedPostgres.freshDatabase("plan_dst");
        try (Connection c = SharedPostgres.cluster().connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE products (id bigint PRIMARY KEY, name text, price_cents integer, price_text text, status char(1))");
        }
        try (Connection c = SharedPostgres.cluster().connect(target); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id bigint PRIMARY KEY, title text, price numeric(10,2), label text)");
            s.execute("CREATE TABLE nokey (id bigint, title text)");
        }
    }

    private static String plan(String tables) {
        return """
                streams:
                  - name: s
                    source: {url: "%s", user: postgres}
                    target: {url: "%s", user: postgres}
                    tables:
                %s""".formatted(SharedPostgres.cluster().jdbcUrl(source), SharedPostgres.cluster().jdbcUrl(target), tables.indent(6));
    }

    private static List<String> problems(String tables) {
        String text = plan(tables);
        try {
            MigrationPlan p = new PlanReader().read("plan.yaml", text);
            new PlanValidator().validate("plan.yaml", p);
        } catch (PlanException e) {
            return e.problems();
        }
        throw new AssertionError("the plan was accepted");
    }

    @Test
    void aValidPlanPasses() {
        MigrationPlan p = new PlanReader().read("plan.yaml", plan("""
                - source: public.products
                  target: items
                  key: [id]
                  columns: {id: {}, name: {to: title}, price_cents: {to: price, convert: cents-to-decimal}}
                """));
        new PlanValidator().validate("plan.yaml", p);
        assertThat(p.streams().get(0).tables()).hasSize(1);
    }

    @Test
    void anUnknownTableIsNamed() {
        assertThat(problems("""
                - {source: public.productz, target: items, key: [id], columns: {id: {}}}
                """)).containsExactly("stream s, table public.productz: not found in the source database " + source);
    }

    @Test
    void aColumnMissingInTheSourceOrTargetIsNamedWithWhatExists() {
        assertThat(problems("""
                - {source: public.products, target: items, key: [id], columns: {id: {}, nam: {to: title}, status: {to: colour}}}
                """)).containsExactly(
                "stream s, table public.products, column nam: not in the source table (it has [id, name, price_cents, price_text, status])",
                "stream s, table public.products, column status: target column items.colour does not exist (it has [id, title, price, label])");
    }

    @Test
    void conversionsThatDoNotFitTheColumnTypesAreRefused() {
        assertThat(problems("""
                - {source: public.products, target: items, key: [id],
                   columns: {id: {}, price_text: {to: price, convert: cents-to-decimal}, name: {to: label, convert: timestamp-in-zone, zone: UTC}}}
                """)).containsExactly(
                "stream s, table public.products, column price_text: cents-to-decimal needs an integer source column, price_text is text",
                "stream s, table public.products, column name: timestamp-in-zone needs a timestamp without time zone, name is text");
    }

    @Test
    void aTargetWithoutAUniqueKeyIsRefused() {
        assertThat(problems("""
                - {source: public.products, target: nokey, key: [id], columns: {id: {}, name: {to: title}}}
                """)).containsExactly("stream s, table public.products: target table nokey has no primary key or unique index on exactly [id] "
                + "(upserts need one)");
    }

    @Test
    void environmentPlaceholdersAreFilledInAndAMissingOneIsNamed() {
        String text = "streams:\n  - name: s\n    source: {url: \"${SRC_URL}\", user: \"${DB_USER:-postgres}\"}\n"
                + "    target: {url: \"jdbc:postgresql://h:1/t\", user: u}\n    tables: [{source: public.a, target: a, key: [id], columns: {id: {}}}]\n";
        MigrationPlan plan = new PlanReader().read("p", text, name -> name.equals("SRC_URL") ? "jdbc:postgresql://db:5432/legacy" : null);
        assertThat(plan.streams().get(0).source().url()).isEqualTo("jdbc:postgresql://db:5432/legacy");
        assertThat(plan.streams().get(0).source().user()).isEqualTo("postgres");
        assertThatThrownBy(() -> new PlanReader().read("p", text, name -> null)).hasMessageContaining("[SRC_URL]");
    }

    @Test
    void structuralMistakesAreCaughtBeforeAnyDatabaseIsAsked() {
        assertThatThrownBy(() -> new PlanReader().read("plan.yaml", plan("""
                - {source: products, target: items, key: [id], columns: {id: {}}}
                - {source: public.products, target: items, key: [sku], columns: {id: {}, name: {convert: upper}}}
                """))).isInstanceOf(PlanException.class).satisfies(e -> assertThat(((PlanException) e).problems()).containsExactly(
                "stream s, table products: source must be schema.table (e.g. public.products)",
                "stream s, table public.products, column name: convert must be one of [cents-to-decimal, decimal-to-cents, map, timestamp-in-zone] (was 'upper')",
                "stream s, table public.products: key column sku is not a mapped target column [id, name]"));
    }
}
