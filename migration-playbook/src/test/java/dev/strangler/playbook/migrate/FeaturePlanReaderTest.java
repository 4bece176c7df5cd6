package dev.strangler.playbook.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A migration plan is read whole, and every mistake in it is named with where it is. */
class FeaturePlanReaderTest {

    private final FeaturePlanReader reader = new FeaturePlanReader();

    @Test
    void theSandboxPlanReads() {
        FeaturePlan plan = reader.read(Path.of("plans", "migration.yaml"));
        assertThat(plan.features()).isNotEmpty();
        assertThat(plan.features().get(0).steps()).isNotEmpty();
    }

    @Test
    void stepsReadWithTheirDurationsPercentsAndGates() {
        FeaturePlan plan = reader.read("p", """
                features:
                  - name: catalog
                    routes: [catalog-read]
                    steps:
                      - {phase: shadow, bake: 30s, gates: {max-shadow-mismatch-rate: 0, min-comparisons: 50}}
                      - {phase: canary, percent: 12.5, bake: 2m, max-wait: 500ms,
                         gates: {max-error-rate-increase: 0.01, max-p99-ratio: 2.5, breakers-closed: true}}
                """);
        FeaturePlan.Step canary = plan.feature("catalog").steps().get(1);
        assertThat(canary.describe()).isEqualTo("canary 12.5%");
        assertThat(canary.bakeTime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(canary.waitLimit()).isEqualTo(Duration.ofMillis(500));
        assertThat(canary.gates().maxP99Ratio()).isEqualTo(2.5);
        assertThat(plan.feature("catalog").steps().get(0).waitLimit()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void everyProblemIsNamedWithItsFeatureAndStep() {
        assertThatThrownBy(() -> reader.read("p", """
                        features:
                          - name: catalog
                            routes: [catalog-read]
                            steps:
                              - {phase: shadow, bake: 30s, gates: {max-error-rate-increase: 0.01}}
                              - {phase: canary, percent: 50, gates: {max-error-rate-increase: 2}}
                              - {phase: canary, percent: 10, gates: {breakers-closed: true}}
                              - {phase: service, percent: 100, gates: {max-p99-ratio: 2}}
                              - {phase: half, gates: {breakers-closed: true}}
                              - {phase: service}
                          - name: catalog
                            routes: [catalog-read]
                            steps: []
                        """))
                .isInstanceOfSatisfying(
                        FeaturePlanReader.PlanProblems.class,
                        e -> assertThat(e.problems())
                                .containsExactlyInAnyOrder(
                                        "feature catalog, step 1 (shadow): max-error-rate-increase and max-p99-ratio read answers "
                                                + "the service gave; in shadow the monolith gives them all (use "
                                                + "max-shadow-mismatch-rate)",
                                        "feature catalog, step 2 (canary): max-error-rate-increase is a fraction from 0 to 1 "
                                                + "(was 2.0)",
                                        "feature catalog, step 3 (canary): percent must grow from step to step (10.0 after 50.0)",
                                        "feature catalog, step 4 (service): percent is for canary steps only",
                                        "feature catalog, step 4 (service): max-p99-ratio compares with the monolith's answers, "
                                                + "and in service mode the monolith gives none (check it in the canary steps)",
                                        "feature catalog, step 5: phase must be one of shadow, canary, service, writes (was half)",
                                        "feature catalog, step 6 (service): declares no gates (max-shadow-mismatch-rate, "
                                                + "max-error-rate-increase, max-p99-ratio, breakers-closed, contract-suite, "
                                                + "max-cdc-lag, max-wal-retained-mb, parity): a step nothing checks is not "
                                                + "moved on from",
                                        "feature catalog: declared twice",
                                        "feature catalog: route catalog-read is moved by another feature too",
                                        "feature catalog: steps lists none"));
    }

    @Test
    void dataGatesNeedTheFeaturesStreams() {
        assertThatThrownBy(() -> reader.read("p", """
                        features:
                          - name: catalog
                            routes: [catalog-read]
                            steps:
                              - {phase: shadow, gates: {max-cdc-lag: 0s, parity: true}}
                        """))
                .isInstanceOfSatisfying(
                        FeaturePlanReader.PlanProblems.class,
                        e -> assertThat(e.problems())
                                .containsExactlyInAnyOrder(
                                        "feature catalog: max-cdc-lag, max-wal-retained-mb and parity read the feature's CDC "
                                                + "streams: name them (cdc: {plan: FILE, streams: [...]})",
                                        "feature catalog, step 1 (shadow): max-cdc-lag must be positive"));
    }

    @Test
    void aWriteCutoverStepComesLastAfterAServiceStepAndNeedsTheFeaturesWritesAndStreams() {
        FeaturePlan plan = reader.read("p", """
                features:
                  - name: catalog
                    routes: [catalog-read]
                    cdc: {plan: catalog.yaml, streams: [catalog]}
                    writes: {routes: [catalog-write], stream: catalog, hold-limit: 4s}
                    steps:
                      - {phase: service, gates: {breakers-closed: true}}
                      - {phase: writes, bake: 5s, gates: {max-error-rate-increase: 0.01, parity: true}}
                """);
        FeaturePlan.Feature catalog = plan.feature("catalog");
        assertThat(catalog.writesStep()).isEqualTo(1);
        assertThat(catalog.steps().get(1).describe()).isEqualTo("write cutover");
        assertThat(catalog.steps().get(1).mode().wire())
                .as("the reads stay with the service")
                .isEqualTo("service");
        assertThat(catalog.countedAt(0)).containsExactly("catalog-read");
        assertThat(catalog.countedAt(1)).containsExactly("catalog-read", "catalog-write");
        assertThat(catalog.writes().hold()).isEqualTo(Duration.ofSeconds(4));

        assertThatThrownBy(() -> reader.read("p", """
                        features:
                          - name: catalog
                            routes: [catalog-read]
                            writes: {routes: [catalog-read], stream: catalog, quiet-wait: -1s}
                            steps:
                              - {phase: canary, percent: 10, gates: {breakers-closed: true}}
                              - {phase: writes, gates: {max-p99-ratio: 2}}
                              - {phase: service, gates: {breakers-closed: true}}
                          - name: orders
                            routes: [orders-read]
                            steps:
                              - {phase: service, gates: {breakers-closed: true}}
                              - {phase: writes, gates: {breakers-closed: true}}
                        """))
                .isInstanceOfSatisfying(
                        FeaturePlanReader.PlanProblems.class,
                        e -> assertThat(e.problems())
                                .containsExactlyInAnyOrder(
                                        "feature catalog: route catalog-read is moved by another feature, or by this "
                                                + "one's reads, too",
                                        "feature catalog: writes move through the CDC plan's streams: name it (cdc: "
                                                + "{plan: FILE, streams: [...]})",
                                        "feature catalog: writes: quiet-wait must not be negative",
                                        "feature catalog, step 2 (writes): the write cutover must be the last step",
                                        "feature catalog, step 2 (writes): max-p99-ratio compares with the monolith's "
                                                + "answers, and in service mode the monolith gives none (check it in the "
                                                + "canary steps)",
                                        "feature orders, step 2 (writes): the feature names no writes to cut over "
                                                + "(writes: {routes: [...], stream: FORWARD-STREAM})"));
    }

    @Test
    void contractScenariosMustBeScenariosOfTheSuite() {
        assertThatThrownBy(() -> reader.read("p", """
                        features:
                          - name: catalog
                            routes: [catalog-read]
                            steps:
                              - {phase: canary, percent: 5,
                                 gates: {contract-suite: true, contract-scenarios: [search, serch]}}
                        """))
                .hasMessageContaining("feature catalog, step 1 (canary): contract-scenarios names no scenario [serch]");
    }

    @Test
    void aYamlMistakeIsNamedWithItsLine() {
        assertThatThrownBy(() -> reader.read("p", """
                        features:
                          - name: catalog
                            routes: [catalog-read]
                            steps:
                              - {phase: shadow, bake: soon, gates: {max-shadow-mismatch-rate: 0}}
                        """))
                .hasMessageContaining("line 5 at features[0].steps[0].bake")
                .hasMessageContaining("not a duration such as 500ms, 30s or 2m");
        assertThatThrownBy(() -> reader.read("p", """
                        features:
                          - name: catalog
                            routes: [catalog-read]
                            stepz: []
                        """))
                .hasMessageContaining("at features[0].stepz")
                .hasMessageContaining("unknown key 'stepz'; allowed here: cdc, name, routes, steps, writes")
                .hasMessageNotContaining("Unrecognized")
                .hasMessageNotContaining("FeaturePlan");
    }
}
