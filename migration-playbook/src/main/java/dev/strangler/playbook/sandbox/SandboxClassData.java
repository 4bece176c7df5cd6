package dev.strangler.playbook.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The sandbox's Spring Boot parts and their {@link ClassDataArchives class-data archives}: a part starts from its
 * archive when a fresh one is kept, else from its jar as before; once the sandbox is up, {@code up} makes the
 * archives that were missing or stale, against the sandbox's own databases (a training run refreshes the
 * application's context, its Flyway and Hibernate checks included, and exits before it serves or runs its
 * runners), so that their cost is paid once per build of the jars and never inside the start they speed up.
 */
final class SandboxClassData {

    /**
     * A training run is one Spring Boot start without the serving; a busy 2-core machine took 90 s for a whole
     * sandbox, so 5 minutes is generous. A run that takes longer leaves no archive, nothing else.
     */
    static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(5);

    /** Two at a time: the machines the sandbox is made for have two cores; more only queue for them. */
    private static final int TRAINING_RUNS_AT_ONCE = 2;

    private final ClassDataArchives archives;
    private final Clock clock;

    SandboxClassData(ClassDataArchives archives, Clock clock) {
        this.archives = archives;
        this.clock = clock;
    }

    /** The parts' archives as {@code settings} say: kept in its class-data directory, or none at all. */
    static SandboxClassData of(SandboxSettings settings, Clock clock) {
        return new SandboxClassData(
                settings.classData() ? ClassDataArchives.forThisJava(settings.classDataDir()) : null, clock);
    }

    /** The part's command line, from its archive when a fresh one is kept. */
    List<String> launch(SandboxPart part, List<String> command) {
        return archives == null ? command : archives.launch(part.label(), command);
    }

    /**
     * What the user is told before the parts start: which start from an archive and why the others do not; empty
     * when archives are off.
     */
    String summary(Map<SandboxPart, Path> jars) {
        if (archives == null) {
            return "";
        }
        List<String> used = new ArrayList<>();
        List<String> not = new ArrayList<>();
        jars.forEach((part, jar) -> {
            ClassDataArchives.Check check = archives.check(part.label(), jar);
            if (check.freshness() == ClassDataArchives.Freshness.FRESH) {
                used.add(part.label());
            } else {
                not.add(part.label() + " (" + check.reason() + ")");
            }
        });
        StringBuilder text = new StringBuilder("class-data archives (" + archives.root() + "): ");
        text.append(used.isEmpty() ? "none used" : "used by " + String.join(", ", used));
        if (!not.isEmpty()) {
            text.append("; started from the jar, archive made once the sandbox is up: ")
                    .append(String.join(", ", not));
        }
        return text.toString();
    }

    /**
     * Makes the archives of the parts whose archive is not fresh, from their training commands (the part's own
     * command line, pointed where a training run may refresh its context); what was made and what not, for the
     * user, or empty when every archive was fresh (or archives are off).
     */
    String makeMissing(Map<SandboxPart, List<String>> trainingCommands, Path logDir) {
        if (archives == null) {
            return "";
        }
        Map<SandboxPart, List<String>> missing = new LinkedHashMap<>();
        trainingCommands.forEach((part, command) -> {
            if (archives.check(
                                    part.label(),
                                    ClassDataArchives.JarCommand.of(command).jar())
                            .freshness()
                    != ClassDataArchives.Freshness.FRESH) {
                missing.put(part, command);
            }
        });
        if (missing.isEmpty()) {
            return "";
        }
        long begin = clock.millis();
        ExecutorService runs = Executors.newFixedThreadPool(TRAINING_RUNS_AT_ONCE, r -> {
            Thread t = new Thread(r, "class-data-training");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<SandboxPart, Future<ClassDataArchives.Training>> made = new LinkedHashMap<>();
            missing.forEach((part, command) -> made.put(
                    part,
                    runs.submit(() -> archives.train(
                            part.label(),
                            command,
                            logDir.resolve(part.label() + "-class-data.log"),
                            TRAINING_TIMEOUT))));
            List<String> done = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (Map.Entry<SandboxPart, Future<ClassDataArchives.Training>> e : made.entrySet()) {
                ClassDataArchives.Training training = outcome(e.getKey(), e.getValue());
                (training.made() ? done : failed).add(training.name() + " (" + training.detail() + ")");
            }
            String took = String.format(Locale.ROOT, "%.1f s", (clock.millis() - begin) / 1000.0);
            StringBuilder text = new StringBuilder("class-data archives made in " + took
                    + " (once per build of the jars; the next `up` starts these parts from them): ");
            text.append(done.isEmpty() ? "none" : String.join(", ", done));
            if (!failed.isEmpty()) {
                text.append("; not made, these keep starting from their jars: ").append(String.join(", ", failed));
            }
            return text.toString();
        } finally {
            runs.shutdownNow();
        }
    }

    private static ClassDataArchives.Training outcome(SandboxPart part, Future<ClassDataArchives.Training> run) {
        try {
            return run.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ClassDataArchives.Training(part.label(), false, "interrupted");
        } catch (ExecutionException e) {
            return new ClassDataArchives.Training(part.label(), false, String.valueOf(e.getCause()));
        }
    }
}
