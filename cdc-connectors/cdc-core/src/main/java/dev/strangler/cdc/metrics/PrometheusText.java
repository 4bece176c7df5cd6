package dev.strangler.cdc.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus's text exposition format, version 0.0.4, for what the CDC exporter needs: families of samples
 * without timestamps, each family's HELP and TYPE once before its samples (the format wants a family's samples
 * together), label values and help texts escaped as the format says. A family without samples is left out:
 * a series that cannot be known is absent, not a made-up 0.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** A metric family: its name, {@code gauge} or {@code counter}, its help, and its samples' label names. */
    record Family(String name, String type, String help, List<String> labels) {}

    private final Map<Family, List<String>> samples = new LinkedHashMap<>();

    /** Families render in this order, whatever order their samples come in. */
    PrometheusText(List<Family> families) {
        families.forEach(f -> samples.put(f, new ArrayList<>()));
    }

    /** Adds a sample; {@code labelValues} in the order of the family's label names. */
    void sample(Family family, double value, String... labelValues) {
        List<String> lines = samples.get(family);
        if (lines == null) {
            throw new IllegalArgumentException("family " + family.name() + " was not declared");
        }
        if (labelValues.length != family.labels().size()) {
            throw new IllegalArgumentException(
                    family.name() + " has the labels " + family.labels() + ", given " + labelValues.length + " values");
        }
        StringBuilder line = new StringBuilder(family.name());
        if (labelValues.length > 0) {
            line.append('{');
            for (int i = 0; i < labelValues.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(family.labels().get(i))
                        .append("=\"")
                        .append(escapeLabelValue(labelValues[i]))
                        .append('"');
            }
            line.append('}');
        }
        lines.add(line.append(' ').append(format(value)).toString());
    }

    String render() {
        StringBuilder out = new StringBuilder();
        samples.forEach((family, lines) -> {
            if (lines.isEmpty()) {
                return;
            }
            out.append("# HELP ")
                    .append(family.name())
                    .append(' ')
                    .append(escapeHelp(family.help()))
                    .append('\n');
            out.append("# TYPE ")
                    .append(family.name())
                    .append(' ')
                    .append(family.type())
                    .append('\n');
            lines.forEach(l -> out.append(l).append('\n'));
        });
        return out.toString();
    }

    /** In a label value: backslash, double quote and line feed, as {@code \\}, {@code \"} and {@code \n}. */
    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** In a HELP line: backslash and line feed (a double quote stays as it is). */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Whole numbers without a fraction (WAL bytes stay exact up to 2^53), the others as Java prints them. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
