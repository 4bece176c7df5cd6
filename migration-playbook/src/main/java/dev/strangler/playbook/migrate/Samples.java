package dev.strangler.playbook.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Samples in the Prometheus text format, as a gateway's {@code /actuator/prometheus} answers them, from one or
 * more replicas: a gate reads the sum over every replica.
 */
public record Samples(List<Sample> samples) {

    /** One line: a name, its labels, its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    public Samples {
        samples = List.copyOf(samples);
    }

    /** Parses the text format (comments and blank lines skipped; a line it cannot read is an error). */
    public static Samples parse(String text) {
        List<Sample> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            try {
                out.add(sample(l));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("metrics line " + lineNo + " is not in the Prometheus text format: "
                        + (l.length() > 120 ? l.substring(0, 120) + "…" : l));
            }
        }
        return new Samples(out);
    }

    private static Sample sample(String l) {
        int brace = l.indexOf('{');
        int space = l.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        String rest;
        if (brace >= 0 && brace < space) {
            name = l.substring(0, brace);
            int i = brace + 1;
            while (l.charAt(i) != '}') {
                int eq = l.indexOf('=', i);
                String key = l.substring(i, eq).strip();
                if (l.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; l.charAt(j) != '"'; j++) {
                    char c = l.charAt(j);
                    if (c == '\\') {
                        char n = l.charAt(++j);
                        value.append(n == 'n' ? '\n' : n);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (l.charAt(i) == ',') {
                    i++;
                }
            }
            rest = l.substring(i + 1).strip();
        } else {
            name = l.substring(0, space);
            rest = l.substring(space + 1).strip();
        }
        String value = rest.split("\\s+")[0];
        return new Sample(name, labels, parseValue(value));
    }

    /** A sample's value as Prometheus writes it, in its text format and its HTTP API alike. */
    static double parseValue(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    /** These samples and {@code other}'s, as one scrape of several replicas. */
    public Samples and(Samples other) {
        List<Sample> all = new ArrayList<>(samples);
        all.addAll(other.samples);
        return new Samples(all);
    }

    /** The sum of the samples named {@code name} that {@code which} accepts. */
    public double sum(String name, Predicate<Sample> which) {
        double total = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && which.test(s)) {
                total += s.value();
            }
        }
        return total;
    }

    public List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
