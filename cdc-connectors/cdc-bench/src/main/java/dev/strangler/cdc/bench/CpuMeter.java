package dev.strangler.cdc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * CPU time of the run's processes from /proc, so each measurement says where the cores went:
 * PostgreSQL (the postmaster, its live backends, and the backends that ended), the Kafka broker, the
 * Connect worker, this JVM (the workload writer and the probes), and the whole machine (others
 * running on it show up as the difference). Apart, and already counted in the broker's and the
 * worker's share: their JIT compiler threads, which say whether those JVMs are warm.
 */
final class CpuMeter {

    /** CPU seconds per part and wall seconds between two snapshots. */
    record Usage(Map<String, Double> cpuSeconds, double wallSeconds) {
        /** The parts that are processes (not the machine, not the JIT share that is part of two of them). */
        List<String> processes() {
            return cpuSeconds.keySet().stream()
                    .filter(p -> !p.equals(MACHINE) && !p.equals(JIT))
                    .toList();
        }

        /** Cores the run's processes used together. */
        double processCores() {
            return processes().stream().mapToDouble(this::cores).sum();
        }

        /** Cores used on average by a part during the interval. */
        double cores(String part) {
            return cpuSeconds.getOrDefault(part, 0.0) / wallSeconds;
        }

        /** CPU milliseconds the pipeline's servers (PostgreSQL, Kafka, Connect) spent per 1,000 rows. */
        double serverMsPer1k(long rows) {
            double s = cpuSeconds.getOrDefault(POSTGRES, 0.0)
                    + cpuSeconds.getOrDefault(KAFKA, 0.0)
                    + cpuSeconds.getOrDefault(CONNECT, 0.0);
            return rows == 0 ? Double.NaN : s * 1000 / (rows / 1000.0);
        }
    }

    record Snapshot(Map<String, Long> ticks, long nanos) {}

    static final String MACHINE = "machine (all processes)";
    static final String POSTGRES = "PostgreSQL";
    static final String KAFKA = "Kafka broker";
    static final String CONNECT = "Connect worker";
    static final String BENCHMARK_JVM = "benchmark JVM";
    static final String JIT = "of which JIT compiling (broker + worker)";
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on Linux
    private final Map<String, LongSupplier> parts = new LinkedHashMap<>();

    CpuMeter(long postmasterPid, long kafkaPid, long connectPid) {
        parts.put(POSTGRES, () -> treeTicks(postmasterPid));
        parts.put(KAFKA, () -> processTicks(kafkaPid, false));
        parts.put(CONNECT, () -> processTicks(connectPid, false));
        parts.put(
                "benchmark JVM (writer, probes, raw decoder)",
                () -> processTicks(ProcessHandle.current().pid(), false));
        parts.put(JIT, () -> compilerTicks(kafkaPid) + compilerTicks(connectPid));
        parts.put(MACHINE, CpuMeter::machineTicks);
    }

    private CpuMeter() {}

    /** PostgreSQL, this JVM and the machine only: what the parity benchmark runs. */
    static CpuMeter postgresAndThisJvm(long postmasterPid) {
        CpuMeter meter = new CpuMeter();
        meter.parts.put(POSTGRES, () -> treeTicks(postmasterPid));
        meter.parts.put(
                BENCHMARK_JVM, () -> processTicks(ProcessHandle.current().pid(), false));
        meter.parts.put(MACHINE, CpuMeter::machineTicks);
        return meter;
    }

    Snapshot snapshot() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        parts.forEach((name, supplier) -> ticks.put(name, supplier.getAsLong()));
        return new Snapshot(ticks, System.nanoTime());
    }

    static Usage between(Snapshot a, Snapshot b) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        a.ticks().forEach((name, t) -> seconds.put(name, (b.ticks().get(name) - t) / TICKS_PER_SECOND));
        return new Usage(seconds, (b.nanos() - a.nanos()) / 1e9);
    }

    /** utime + stime of a process, plus cutime + cstime (its children that ended and were waited for) when asked. */
    private static long processTicks(long pid, boolean withEndedChildren) {
        String[] f = statFields(pid);
        if (f == null) {
            return 0;
        }
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return withEndedChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
    }

    /** The postmaster with its ended children, plus its live children (backends, walsenders, background workers). */
    private static long treeTicks(long postmasterPid) {
        long total = processTicks(postmasterPid, true);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                String[] f = statFields(Long.parseLong(p.getFileName().toString()));
                if (f != null && Long.parseLong(f[1]) == postmasterPid) {
                    total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        } catch (IOException e) {
            return total;
        }
        return total;
    }

    /** utime + stime of a JVM's JIT compiler threads (named "C1 CompilerThread0", "C2 CompilerThread1", ...). */
    private static long compilerTicks(long pid) {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.matches("C\\d CompilerThre.*")) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            return total;
        }
        return total;
    }

    private static long machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal: busy = all but idle and iowait
            long busy = 0;
            for (int i : List.of(1, 2, 3, 6, 7, 8)) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The fields of /proc/pid/stat after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
