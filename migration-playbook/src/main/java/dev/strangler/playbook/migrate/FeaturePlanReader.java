package dev.strangler.playbook.migrate;

import dev.strangler.playbook.cli.DurationConverter;
import dev.strangler.playbook.contract.ContractSuite;
import dev.strangler.yaml.YamlMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a {@link FeaturePlan} and says everything wrong with it at once: YAML errors with their line, then each
 * feature's and step's problems by name and position (unknown fields, modes, percents, gates a phase cannot have).
 */
public final class FeaturePlanReader {

    private static final Set<String> PHASES = Set.of("shadow", "canary", "service", "writes");

    private final YAMLMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .addModule(new SimpleModule().addDeserializer(Duration.class, new Durations()))
            .build();

    /** A migration plan that cannot be used, with every problem found. */
    public static final class PlanProblems extends IllegalArgumentException {
        private final List<String> problems;

        PlanProblems(String source, List<String> problems) {
            super(source + ": " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public FeaturePlan read(Path file) {
        try {
            return read(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PlanProblems(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
    }

    public FeaturePlan read(String source, String text) {
        FeaturePlan plan;
        try {
            plan = yaml.readValue(text, FeaturePlan.class);
        } catch (DatabindException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new PlanProblems(
                    source,
                    List.of("line " + line + " at " + YamlMessages.path(e) + ": "
                            + YamlMessages.described(e, YamlMessages::kebab)));
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new PlanProblems(source, List.of("line " + line + ": not valid YAML: " + e.getOriginalMessage()));
        }
        if (plan == null || plan.features().isEmpty()) {
            throw new PlanProblems(source, List.of("the plan declares no features"));
        }
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> routesSeen = new HashSet<>();
        for (int f = 0; f < plan.features().size(); f++) {
            FeaturePlan.Feature feature = plan.features().get(f);
            String where = "feature " + (feature.name() == null ? "#" + (f + 1) : feature.name());
            if (feature.name() == null || !feature.name().matches("[a-z][a-z0-9-]{0,40}")) {
                problems.add(where + ": name must be lower-case letters, digits and -");
            } else if (!names.add(feature.name())) {
                problems.add(where + ": declared twice");
            }
            if (feature.routes().isEmpty()) {
                problems.add(where + ": routes lists none (the gateway route ids this feature moves)");
            }
            for (String route : feature.routes()) {
                if (!routesSeen.add(route)) {
                    problems.add(where + ": route " + route + " is moved by another feature too");
                }
            }
            if (feature.steps().isEmpty()) {
                problems.add(where + ": steps lists none");
            }
            if (feature.cdc() != null
                    && (feature.cdc().plan() == null || feature.cdc().streams().isEmpty())) {
                problems.add(where + ": cdc needs the CDC plan (plan: FILE) and the streams of the feature's data");
            }
            if (feature.cdc() == null
                    && feature.steps().stream()
                            .anyMatch(st -> st.gates() != null && st.gates().data())) {
                problems.add(where + ": max-cdc-lag, max-wal-retained-mb and parity read the feature's CDC streams: "
                        + "name them (cdc: {plan: FILE, streams: [...]})");
            }
            writes(problems, where, feature, routesSeen);
            double lastPercent = 0;
            for (int s = 0; s < feature.steps().size(); s++) {
                FeaturePlan.Step step = feature.steps().get(s);
                String at = where + ", step " + (s + 1);
                lastPercent = step(problems, at, step, lastPercent);
            }
        }
        if (!problems.isEmpty()) {
            throw new PlanProblems(source, problems);
        }
        return plan;
    }

    /**
     * A feature's writes and its {@code writes} step: declared together, the step last and after a service step
     * (the reads are with the service before the writes follow), through a CDC plan.
     */
    private static void writes(List<String> problems, String where, FeaturePlan.Feature feature, Set<String> seen) {
        FeaturePlan.Writes w = feature.writes();
        int step = feature.writesStep();
        if (w == null) {
            if (step >= 0) {
                problems.add(where + ", step " + (step + 1) + " (writes): the feature names no writes to cut over "
                        + "(writes: {routes: [...], stream: FORWARD-STREAM})");
            }
            return;
        }
        if (w.routes().isEmpty() || w.stream() == null) {
            problems.add(where + ": writes needs the routes whose writes move and the forward stream of the CDC plan "
                    + "(writes: {routes: [...], stream: FORWARD-STREAM})");
        }
        for (String route : w.routes()) {
            if (!seen.add(route)) {
                problems.add(where + ": route " + route + " is moved by another feature, or by this one's reads, too");
            }
        }
        if (feature.cdc() == null) {
            problems.add(where + ": writes move through the CDC plan's streams: name it (cdc: {plan: FILE, streams: "
                    + "[...]})");
        }
        if (w.holdLimit() != null
                && (w.holdLimit().isNegative() || w.holdLimit().isZero())) {
            problems.add(where + ": writes: hold-limit must be positive");
        }
        if (w.quietWait() != null && w.quietWait().isNegative()) {
            problems.add(where + ": writes: quiet-wait must not be negative");
        }
        int n = feature.steps().size();
        if (step < 0) {
            problems.add(
                    where + ": writes are named but no step cuts them over (add a last step {phase: writes, ...})");
        } else if (step != n - 1) {
            problems.add(where + ", step " + (step + 1) + " (writes): the write cutover must be the last step");
        } else if (step == 0 || !"service".equals(feature.steps().get(step - 1).phase())) {
            problems.add(where + ", step " + (step + 1) + " (writes): the step before must be a service step (the "
                    + "reads are with the service before the writes follow)");
        }
    }

    private static double step(List<String> problems, String at, FeaturePlan.Step step, double lastPercent) {
        if (step.phase() == null || !PHASES.contains(step.phase())) {
            problems.add(at + ": phase must be one of shadow, canary, service, writes (was " + step.phase() + ")");
            return lastPercent;
        }
        at = at + " (" + step.phase() + ")";
        if (step.phase().equals("canary")) {
            if (step.percent() == null || !(step.percent() > 0 && step.percent() < 100)) {
                problems.add(at + ": percent must be above 0 and below 100 (was " + step.percent() + ")");
            } else if (step.percent() <= lastPercent) {
                problems.add(at + ": percent must grow from step to step (" + step.percent() + " after " + lastPercent
                        + ")");
            } else {
                lastPercent = step.percent();
            }
        } else if (step.percent() != null) {
            problems.add(at + ": percent is for canary steps only");
        }
        if (step.bake() != null && step.bake().isNegative()) {
            problems.add(at + ": bake must not be negative");
        }
        if (step.maxWait() != null
                && (step.maxWait().isNegative() || step.maxWait().isZero())) {
            problems.add(at + ": max-wait must be positive");
        }
        FeaturePlan.Gates g = step.gates();
        if (g == null || !g.any()) {
            problems.add(at + ": declares no gates (max-shadow-mismatch-rate, max-error-rate-increase, "
                    + "max-p99-ratio, breakers-closed, contract-suite, max-cdc-lag, max-wal-retained-mb, parity): a step nothing "
                    + "checks is not moved on from");
            return lastPercent;
        }
        boolean shadow = step.phase().equals("shadow");
        if (shadow && (g.maxErrorRateIncrease() != null || g.maxP99Ratio() != null)) {
            problems.add(at + ": max-error-rate-increase and max-p99-ratio read answers the service gave; in shadow "
                    + "the monolith gives them all (use max-shadow-mismatch-rate)");
        }
        if (!shadow && g.maxShadowMismatchRate() != null && !step.phase().equals("canary")) {
            problems.add(at + ": max-shadow-mismatch-rate needs shadow copies, which service mode does not make");
        }
        if (step.serviceOnly() && g.maxP99Ratio() != null) {
            problems.add(at + ": max-p99-ratio compares with the monolith's answers, and in service mode the monolith "
                    + "gives none (check it in the canary steps)");
        }
        if (!g.contractScenarios().isEmpty()) {
            if (!Boolean.TRUE.equals(g.contractSuite())) {
                problems.add(at + ": contract-scenarios narrows the contract-suite gate, which is not on");
            }
            List<String> unknown = g.contractScenarios().stream()
                    .filter(n -> !ContractSuite.scenarioNames().contains(n))
                    .toList();
            if (!unknown.isEmpty()) {
                problems.add(at + ": contract-scenarios names no scenario " + unknown + "; the scenarios are "
                        + ContractSuite.scenarioNames());
            }
        }
        if (g.maxCdcLag() != null
                && (g.maxCdcLag().isNegative() || g.maxCdcLag().isZero())) {
            problems.add(at + ": max-cdc-lag must be positive");
        }
        if (g.maxWalRetainedMb() != null && g.maxWalRetainedMb() < 1) {
            problems.add(at + ": max-wal-retained-mb must be at least 1");
        }
        fraction(problems, at, "max-shadow-mismatch-rate", g.maxShadowMismatchRate());
        fraction(problems, at, "max-error-rate-increase", g.maxErrorRateIncrease());
        if (g.maxP99Ratio() != null && !(g.maxP99Ratio() > 0)) {
            problems.add(at + ": max-p99-ratio must be above 0");
        }
        if (g.minComparisons() != null && g.minComparisons() < 1) {
            problems.add(at + ": min-comparisons must be at least 1");
        }
        if (g.minRequests() != null && g.minRequests() < 1) {
            problems.add(at + ": min-requests must be at least 1");
        }
        return lastPercent;
    }

    private static void fraction(List<String> problems, String at, String name, Double v) {
        if (v != null && !(v >= 0 && v <= 1)) {
            problems.add(at + ": " + name + " is a fraction from 0 to 1 (was " + v + ")");
        }
    }

    /** Durations as the command line writes them: 500ms, 30s, 2m. */
    private static final class Durations extends ValueDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) {
            String text = p.getString();
            try {
                return new DurationConverter().convert(text);
            } catch (CommandLine.TypeConversionException | NumberFormatException e) {
                return (Duration)
                        ctxt.handleWeirdStringValue(Duration.class, text, "not a duration such as 500ms, 30s or 2m");
            }
        }
    }
}
