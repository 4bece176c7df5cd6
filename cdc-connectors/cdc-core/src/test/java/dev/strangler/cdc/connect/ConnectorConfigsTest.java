package dev.strangler.cdc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.cdc.plan.MigrationPlan;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the generated connectors say about the names and sizes of what a stream carries. */
class ConnectorConfigsTest {

    static final MigrationPlan.Stream STREAM = new MigrationPlan.Stream(
            "shelf",
            new MigrationPlan.Database("jdbc:postgresql://db:5432/shelf", "postgres", "secret"),
            new MigrationPlan.Database("jdbc:postgresql://db:5432/catalog", "postgres", "secret"),
            List.of(
                    new MigrationPlan.Table(
                            "public.Reading List",
                            "Reading List",
                            List.of("member"),
                            Map.of("member", new MigrationPlan.Column(null, null, null, null))),
                    new MigrationPlan.Table(
                            "public.order$items",
                            "order_items",
                            List.of("id"),
                            Map.of("id", new MigrationPlan.Column(null, null, null, null)))));

    @Test
    void debeziumCapturesEachTableByItsOwnNameEvenWithCharactersThatMeanSomethingInARegularExpression() {
        // Debezium reads every entry of the list as a regular expression that must match schema.table whole.
        List<Pattern> patterns =
                List.of(ConnectorConfigs.source(STREAM)
                                .config()
                                .get("table.include.list")
                                .split(","))
                        .stream()
                        .map(Pattern::compile)
                        .toList();

        assertThat(List.of("public.Reading List", "public.order$items", "public.strangler_sync_marker"))
                .allSatisfy(table -> assertThat(patterns)
                        .anySatisfy(p -> assertThat(p.matcher(table).matches()).isTrue()));
    }

    @Test
    void aRowLargerThanKafkasOneMebibyteDefaultTravelsInATopicTheSourceCreatesWithRoomForIt() {
        Map<String, String> source = ConnectorConfigs.source(STREAM).config();
        Map<String, String> sink = ConnectorConfigs.sink(STREAM).config();

        assertThat(source)
                .containsEntry("producer.override.max.request.size", "67108864")
                .containsEntry("topic.creation.default.max.message.bytes", "67108864");
        assertThat(sink)
                .as("a sink subscribing first would have the broker create the topic with its 1 MiB default")
                .containsEntry("consumer.override.allow.auto.create.topics", "false");
    }
}
