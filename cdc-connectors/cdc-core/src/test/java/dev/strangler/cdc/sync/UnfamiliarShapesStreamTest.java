package dev.strangler.cdc.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.cdc.connect.ConnectClient;
import dev.strangler.cdc.plan.MigrationPlan;
import dev.strangler.cdc.plan.PlanException;
import dev.strangler.cdc.plan.PlanReader;
import dev.strangler.cdc.plan.PlanValidator;
import dev.strangler.infra.kafka.SharedKafka;
import dev.strangler.infra.postgres.SharedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The second reference app's schema ({@link BookshelfSchema}), unlike our own sample's, moved by two
 * streams from one source database on real PostgreSQL, Kafka, Connect and Debezium: one into the same
 * schema in another database, one into renamed tables and columns (a schema-qualified target among
 * them). Snapshot first, then inserts, updates and deletes of every kind of column and key; both
 * databases must then hold exactly the same rows, and parity must say so (and name what differs once
 * the target is changed behind the stream's back).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnfamiliarShapesStreamTest {

    static final SyncBarrier BARRIER = new SyncBarrier();
    static final String[] TABLES = {
        "authors", "books", "book_authors", "members", "loans", "\"Reading List\"", "audit_events", "loan_terms"
    };
    static final String B1 = "b0000000-0000-0000-0000-000000000001";
    static final String B2 = "b0000000-0000-0000-0000-000000000002";
    static final String B3 = "b0000000-0000-0000-0000-000000000003";
    static final String B4 = "b0000000-0000-0000-0000-000000000004";
    static final String B5 = "b0000000-0000-0000-0000-000000000005";
    static final String A1 = "a0000000-0000-0000-0000-000000000001";
    static final String A2 = "a0000000-0000-0000-0000-000000000002";
    static final String A3 = "a0000000-0000-0000-0000-000000000003";
    static final String A4 = "a0000000-0000-0000-0000-000000000004";

    static String sourceDb;
    static String sameDb;
    static String renamedDb;
    static MigrationPlan.Stream same;
    static MigrationPlan.Stream renamed;

    @BeforeAll
    static void schemasAndSnapshotData() throws Exception {
        sourceDb = SharedPostgres.freshDatabase("shelf");
        sameDb = SharedPostgres.freshDatabase("shelf_same");
        renamedDb = SharedPostgres.freshDatabase("shelf_renamed");
        sql(sourceDb, BookshelfSchema.V1);
        sql(sameDb, BookshelfSchema.V1);
        // Not in the app's schema: intervals, which Debezium sends as microseconds unless told otherwise.
        for (String db : List.of(sourceDb, sameDb)) {
            sql(db, "create table loan_terms (id int primary key, term interval not null, grace interval)");
        }
        sql(renamedDb, """
                create schema catalog;
                create table catalog_authors (author_id uuid primary key, name text not null, born_on date);
                create table catalog.books (book_id uuid primary key, isbn13 varchar(17) not null, title text not null,
                  labels text[] not null, "cover image" bytea, price_eur numeric(10,2), published date, shelf varchar(16),
                  added timestamptz not null, row_version integer not null);
                create table catalog.book_authors (book uuid not null references catalog.books(book_id) on delete cascade,
                  author uuid not null references catalog_authors(author_id), ordinal smallint not null,
                  primary key (book, author));
                create table accounts (account_id bigint generated always as identity primary key, email text not null unique,
                  name text not null, roles text[] not null);
                create table reading_list (member_id bigint not null, book_id uuid not null, added_at timestamptz not null,
                  primary key (member_id, book_id));
                """);
        sql(sourceDb, """
                insert into authors values ('%1$s', 'Ursula K. Le Guin', '1929-10-21'), ('%2$s', 'Italo Calvino', null),
                  ('%3$s', 'Anonymous, "the" \\ one', null);
                insert into books (id, isbn, title, tags, cover, price, published_on, "Shelf Code", created_at, version) values
                  ('%4$s', '978-0-06-112008-4', 'The Dispossessed', '{sf,"utopia, ambiguous"}', '\\x00ff10', 12.30,
                   '1974-05-01', 'A-1', '2026-01-02 03:04:05.123456+02', 0),
                  ('%5$s', '978-0-15-643961-2', 'Invisible Cities', '{}', '\\x', null, null, null, default, 1),
                  ('%6$s', '978-0-00-000000-3', 'Quotes', '{NULL,"say \\"hi\\"","back\\\\slash","{braces}","NULL",""}', null,
                   99999999.99, '2000-02-29', 'Z "9"', '1999-12-31 23:59:59.999999+00', 7);
                -- random, so that compression cannot keep it inline: stored out of line (TOAST), 1.28 MB
                update books set cover = (select decode(string_agg(md5(random()::text), ''), 'hex')
                  from generate_series(1, 80000)) where id = '%4$s';
                insert into books (id, isbn, title, tags)
                  select md5('book' || i)::uuid, 'GEN-' || i, 'Generated ' || i, array['t' || i, null] from generate_series(1, 20) i;
                insert into book_authors values ('%4$s', '%1$s', 1), ('%5$s', '%2$s', 1), ('%6$s', '%1$s', 1), ('%6$s', '%3$s', 2);
                insert into book_authors select md5('book' || i)::uuid, '%2$s', 1 from generate_series(1, 20) i;
                insert into members (email, password_hash, display_name) values ('ada@example.org', 'h1', 'Ada');
                insert into members (email, password_hash, display_name, roles) values
                  ('bob@example.org', 'h2', 'Bob', '{USER,ADMIN}'), ('cy@example.org', 'h3', 'Cy', '{}');
                insert into loans (book_id, member_id, lent_at, due_on) values ('%5$s', 1, '2026-11-01 10:00:00+00', '2026-11-29');
                insert into loans (id, book_id, member_id, lent_at, due_on, returned_at)
                  values (100, '%6$s', 2, '2026-10-01 10:00:00+00', '2026-10-29', '2026-10-20 18:30:00.5+00');
                insert into "Reading List" ("member", "book") values (1, '%4$s');
                insert into "Reading List" values (2, '%5$s', '2026-03-04 05:06:07+00');
                insert into loan_terms values (1, '28 days', null), (2, '1 year 2 mons 3 days 04:05:06.789', '-1 day +02:00'),
                  (3, '00:00:00.000001', '-3 years -1 mons'), (4, '-01:30:00.5', '0');
                insert into audit_events values ('2026-12-01 10:00:00+00', 'ada', 'login', '{"b": "x\\"y", "a": [1, 2.50, null]}'),
                  ('2026-12-01 10:00:01+00', null, 'boot', null), ('2026-12-01 10:00:02+00', 'bob', 'lend', '{}');
                """.formatted(A1, A2, A3, B1, B2, B3));
        same = plan(sourceDb + "_same", sameDb, """
                - {source: public.authors, target: authors, key: [id], columns: {id: {}, full_name: {}, born: {}}}
                - source: public.books
                  target: books
                  key: [id]
                  columns: {id: {}, isbn: {}, title: {}, tags: {}, cover: {}, price: {}, published_on: {}, "Shelf Code": {},
                            created_at: {}, version: {}}
                - {source: public.book_authors, target: book_authors, key: [book_id, author_id],
                   columns: {book_id: {}, author_id: {}, position: {}}}
                - {source: public.members, target: members, key: [id],
                   columns: {id: {}, email: {}, password_hash: {}, display_name: {}, roles: {}}}
                - {source: public.loans, target: loans, key: [id],
                   columns: {id: {}, book_id: {}, member_id: {}, lent_at: {}, due_on: {}, returned_at: {}}}
                - {source: public.Reading List, target: Reading List, key: [member, book],
                   columns: {member: {}, book: {}, added at: {}}}
                - {source: public.audit_events, target: audit_events, key: [at, action],
                   columns: {at: {}, actor: {}, action: {}, detail: {}}}
                - {source: public.loan_terms, target: loan_terms, key: [id], columns: {id: {}, term: {}, grace: {}}}
                """);
        renamed = plan(sourceDb + "_renamed", renamedDb, """
                - {source: public.authors, target: catalog_authors, key: [author_id],
                   columns: {id: {to: author_id}, full_name: {to: name}, born: {to: born_on}}}
                - source: public.books
                  target: catalog.books
                  key: [book_id]
                  columns: {id: {to: book_id}, isbn: {to: isbn13}, title: {}, tags: {to: labels}, cover: {to: cover image},
                            price: {to: price_eur}, published_on: {to: published}, "Shelf Code": {to: shelf},
                            created_at: {to: added}, version: {to: row_version}}
                - {source: public.book_authors, target: catalog.book_authors, key: [book, author],
                   columns: {book_id: {to: book}, author_id: {to: author}, position: {to: ordinal}}}
                - {source: public.members, target: accounts, key: [account_id],
                   columns: {id: {to: account_id}, email: {}, display_name: {to: name}, roles: {}}}
                - {source: public.Reading List, target: reading_list, key: [member_id, book_id],
                   columns: {member: {to: member_id}, book: {to: book_id}, added at: {to: added_at}}}
                """);
    }

    @Test
    @Order(1)
    void aTableWithoutPrimaryKeyIsRefusedWithWhatToDoAndCarriedOnceItHasAnIdentityAndTheKeyIsUnique() throws Exception {
        assertThatThrownBy(() -> new PlanValidator().validate("shelf.yaml", new MigrationPlan(List.of(same))))
                .isInstanceOf(PlanException.class)
                .satisfies(e -> assertThat(((PlanException) e).problems())
                        .containsExactly(
                                "stream " + same.name() + ", table public.audit_events: has no replica identity (no "
                                        + "primary key, REPLICA IDENTITY DEFAULT): PostgreSQL refuses every UPDATE and DELETE on a "
                                        + "published table without one, in the source database; give it one: ALTER TABLE "
                                        + "public.audit_events ADD PRIMARY KEY (at, action); or ALTER TABLE public.audit_events "
                                        + "REPLICA IDENTITY FULL (every update and delete then writes the whole old row to the WAL; "
                                        + "the plan's key [at, action] must then still tell the rows apart: a unique index on it in "
                                        + "the target, NOT NULL); or leave the table out of the plan",
                                "stream " + same.name()
                                        + ", table public.audit_events: target table audit_events has no primary key "
                                        + "or unique index on exactly [at, action] (upserts need one)"));

        // What a team does for an append-only log it wants to move: the whole old row as identity, and the key it
        // knows to be unique in its data declared by a unique index in the target.
        sql(sourceDb, "alter table audit_events replica identity full");
        sql(sameDb, "create unique index audit_events_at_action on audit_events (at, action)");
        new PlanValidator().validate("shelf.yaml", new MigrationPlan(List.of(same)));

        CdcStreams streams =
                new CdcStreams(new ConnectClient(SharedKafka.connect().restUrl()));
        streams.apply("shelf.yaml", new MigrationPlan(List.of(same, renamed)), same);
        streams.apply("shelf.yaml", new MigrationPlan(List.of(same, renamed)), renamed);
        BARRIER.await(same, Duration.ofSeconds(180));
        BARRIER.await(renamed, Duration.ofSeconds(180));

        assertThat(differingTables()).as("after the snapshot").isEmpty();
    }

    @Test
    @Order(2)
    void insertsUpdatesAndDeletesOfEveryKindOfColumnAndKeyLeaveBothDatabasesIdentical() throws Exception {
        sql(sourceDb, """
                insert into authors values ('%1$s', 'Jorge Luis Borges', '1899-08-24');
                insert into books (id, isbn, title, tags, cover, price, published_on, "Shelf Code", created_at) values
                  ('%2$s', '978-0-14-303943-3', 'Ficciones', '{"a,b",NULL,"}{","\\\\"}', '\\x', 0.01, '1944-01-01', 'Ü "q"',
                   '2026-12-07 01:02:03.000001+05:30');
                insert into books (id, isbn, title, cover) values ('%3$s', '978-0-00-000000-5', 'Large',
                  (select decode(string_agg(md5(random()::text), ''), 'hex') from generate_series(1, 100000)));
                insert into book_authors values ('%2$s', '%1$s', 1), ('%3$s', '%1$s', 1), ('%3$s', '%6$s', 2);
                insert into members (email, password_hash, display_name, roles) values ('di@example.org', 'h4', 'Di', '{USER,NULL}');
                insert into loans (book_id, member_id, lent_at, due_on) values ('%2$s', 4, now(), current_date + 28);
                insert into "Reading List" ("member", "book", "added at") values (4, '%2$s', '2026-12-07 00:00:00+00');
                insert into audit_events (at, actor, action, detail) values
                  ('2026-12-07 00:00:00+00', 'di', 'join', '{"nested": {"deep": [true, false, "\\u00fc"]}}');
                """.formatted(A4, B4, B5, null, null, A2));
        sql(sourceDb, """
                update loan_terms set term = '2 weeks 1 microsecond', grace = '-00:00:01' where id = 1;
                update books set price = 13.00, version = version + 1 where id = '%1$s';   -- its large cover untouched
                update books set tags = '{NULL,"a,b"}', cover = null, "Shelf Code" = 'B 2' where id = '%2$s';
                update books set cover = '\\x', published_on = null, tags = '{}' where id = '%3$s';
                update book_authors set author_id = '%4$s' where book_id = '%3$s' and author_id = '%5$s';   -- a key column
                update book_authors set position = 3 where book_id = '%3$s' and author_id = '%4$s';
                update members set roles = '{USER,ADMIN,"with space"}', email = 'ada@example.com' where id = 1;
                update loans set returned_at = '2026-12-06 12:00:00+00' where id = 1;
                update "Reading List" set "book" = '%3$s' where "member" = 1 and "book" = '%1$s';      -- a key column
                update "Reading List" set "added at" = '2026-12-07 09:00:00+00' where "member" = 2;
                update audit_events set detail = '{"changed": 1}' where action = 'boot';
                update books set title = 'Large, renamed' where id = '%6$s';                          -- its cover untouched
                """.formatted(B1, B2, B3, A2, A3, B5));
        sql(sourceDb, """
                delete from book_authors where book_id = '%1$s' and author_id = '%2$s';
                delete from "Reading List" where "member" = 2;
                delete from loans where id = 100;
                delete from members where id = 3;
                delete from books where id = md5('book1')::uuid;   -- its book_authors row goes with it (cascade)
                delete from audit_events where action = 'lend';
                """.formatted(B3, A1));
        BARRIER.await(same, Duration.ofSeconds(120));
        BARRIER.await(renamed, Duration.ofSeconds(120));

        assertThat(differingTables()).as("the same rows, value for value").isEmpty();
        assertThat(query(sameDb, "select length(cover)::text, title from books where id = '" + B5 + "'"))
                .containsExactly("1600000", "Large, renamed");
        assertThat(
                        query(
                                sameDb,
                                "select (select count(*) from book_authors)::text, (select count(*) from \"Reading List\")::text"))
                .containsExactly("25", "2");
        String cover = "select md5(cover) from books where id = '" + B1 + "'";
        assertThat(query(renamedDb, "select md5(\"cover image\") from catalog.books where book_id = '" + B1 + "'"))
                .as("a large value the update did not touch is kept, not overwritten by Debezium's placeholder")
                .containsExactly(query(sourceDb, cover).get(0));
        assertThat(query(renamedDb, "select labels::text, shelf from catalog.books where book_id = '" + B2 + "'"))
                .containsExactly("{NULL,\"a,b\"}", "B 2");
    }

    @Test
    @Order(3)
    void parityIsExactForEveryTableOfBothStreams() {
        List<Parity.TableParity> sameTables = new Parity(5).compare(same, line -> {});
        List<Parity.TableParity> renamedTables = new Parity(5).compare(renamed, line -> {});

        assertThat(sameTables)
                .hasSize(8)
                .allSatisfy(t -> assertThat(t.equal()).as(t.toString()).isTrue());
        assertThat(renamedTables)
                .hasSize(5)
                .allSatisfy(t -> assertThat(t.equal()).as(t.toString()).isTrue());
        assertThat(sameTables.get(1).sourceRows()).isEqualTo(24);
        assertThat(renamedTables.get(2).sourceRows()).as("book_authors").isEqualTo(25);
    }

    @Test
    @Order(4)
    void parityNamesTheRowsWhoseArraysBytesOrJsonDifferInTheTarget() throws Exception {
        new ConnectClient(SharedKafka.connect().restUrl()).delete("strangler-" + same.name() + "-sink");
        sql(sameDb, """
                update books set tags[1] = 'NULL' where id = '%1$s';                 -- a NULL element became the text NULL
                update books set cover = null where id = '%2$s';                     -- empty became NULL
                update "Reading List" set "added at" = "added at" + interval '1 microsecond' where "member" = 1;
                update audit_events set detail = '{"b": "x\\"y", "a": [1, 2.5, null]}' where action = 'login';
                """.formatted(B2, B4));

        List<Parity.TableParity> tables = new Parity(5).compare(same, line -> {});

        assertThat(tables.get(1).different()).containsExactlyInAnyOrder(B2, B4);
        assertThat(tables.get(5).different()).containsExactly("1," + B3);
        assertThat(tables.get(6).different())
                .as("2.50 and 2.5 are different JSON text")
                .hasSize(1);
        assertThat(tables.get(0).equal()).isTrue();
    }

    /** The tables whose rows differ between the source and the same-schema target, each row compared as its whole text. */
    static List<String> differingTables() throws SQLException {
        List<String> differing = new ArrayList<>();
        for (String table : TABLES) {
            String rows = "select coalesce(string_agg(r::text, E'\\n' order by r::text), '') || ' ' || count(*) from "
                    + table + " r";
            if (!query(sourceDb, rows).equals(query(sameDb, rows))) {
                differing.add(table);
            }
        }
        return differing;
    }

    static MigrationPlan.Stream plan(String name, String target, String tables) {
        return new PlanReader()
                .read(
                        name + ".yaml",
                        """
                streams:
                  - name: %s
                    source: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    target: {url: "%s", user: postgres, password: "${STRANGLER_TEST_DB_PASSWORD}"}
                    tables:
                %s""".formatted(
                                        name,
                                        SharedPostgres.cluster().jdbcUrl(sourceDb),
                                        SharedPostgres.cluster().jdbcUrl(target),
                                        tables.indent(6)),
                        SharedPostgres::environment)
                .streams()
                .get(0);
    }

    static void sql(String db, String statements) throws SQLException {
        try (Connection c = SharedPostgres.cluster().connect(db);
                Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    static List<String> query(String db, String sql) throws SQLException {
        try (Connection c = SharedPostgres.cluster().connect(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.add(rs.getString(i));
                }
            }
            return out;
        }
    }
}
