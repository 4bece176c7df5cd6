package dev.strangler.playbook.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Durations such as 500ms, 30s, 2m. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 500ms, 30s or 2m");
    }
}
