package dev.strangler.cdc.conversion;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The value conversions a migration plan can name in a column's {@code convert}, each declared once
 * with everything that is done with it: its plan name, the source and target column types it fits
 * (the plan validator), the settings it needs (the plan reader, and the Connect plugin when it reads
 * its mapping), the target value the {@code MapToTarget} transform writes for a source value, and the
 * SQL parity computes the same value with in the source database.
 *
 * <p>Why one enum with abstract methods, as Debezium declares its enumerated options: a conversion
 * used to be a string handled in each of those places, and parity missed one ({@code decimal-to-cents},
 * so a reverse stream could not be verified). A new constant does not compile until it says how to
 * do each, and a new use gets every conversion by iterating {@link #values()}.
 *
 * <p>This module has no dependencies: the Connect plugin carries its jar into the worker's plugin
 * class loader, and {@code cdc-core} uses the same classes.
 */
public enum Conversion {

    /** Integer cents (the monolith's {@code price_cents}) to a decimal amount with two places ({@code 1290} to {@code 12.90}). */
    CENTS_TO_DECIMAL(
            "cents-to-decimal", ColumnType.INTEGER, "an integer source column", ColumnType.NUMERIC, "a decimal") {
        @Override
        public Optional<String> settingsProblem(Settings settings) {
            return Optional.empty();
        }

        @Override
        public String toTarget(Object value, Settings settings) {
            if (!(value instanceof Number n) || value instanceof BigDecimal) {
                throw new IllegalArgumentException(planName() + " needs an integer column, got "
                        + value.getClass().getSimpleName());
            }
            return BigDecimal.valueOf(n.longValue(), 2).toPlainString();
        }

        @Override
        public String sourceSql(String column, Settings settings) {
            // Two places, as the transform writes them: an unconstrained numeric target keeps the scale it is given.
            return "round(" + column + "::numeric / 100, 2)";
        }
    },

    /**
     * A decimal amount back to integer cents ({@code 12.90} to {@code 1290}), the reverse of
     * {@link #CENTS_TO_DECIMAL}; a fraction of a cent is refused, never rounded away.
     */
    DECIMAL_TO_CENTS(
            "decimal-to-cents", ColumnType.NUMERIC, "a numeric source column", ColumnType.INTEGER, "integer cents") {
        @Override
        public Optional<String> settingsProblem(Settings settings) {
            return Optional.empty();
        }

        @Override
        public String toTarget(Object value, Settings settings) {
            BigDecimal amount;
            if (value instanceof BigDecimal d) {
                amount = d;
            } else if (value instanceof String text) { // Debezium's decimal.handling.mode=string
                try {
                    amount = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(planName() + " needs a decimal, got '" + text + "'");
                }
            } else {
                throw new IllegalArgumentException(planName() + " needs a decimal column, got "
                        + value.getClass().getSimpleName());
            }
            try {
                return amount.movePointRight(2).toBigIntegerExact().toString();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        amount.toPlainString() + " has fractions of a cent; " + planName() + " keeps whole cents only");
            }
        }

        @Override
        public String sourceSql(String column, Settings settings) {
            // NULL where the transform refuses the value (fractions of a cent): such a row never compares equal
            // to a target the stream could not have written.
            return "CASE WHEN trunc(" + column + " * 100) = " + column + " * 100 THEN trunc(" + column + " * 100) END";
        }
    },

    /** Codes to names through the column's {@code values} ({@code A: ACTIVE}); a code without a name is refused. */
    MAP("map", ColumnType.TEXT, "a text column of codes", ColumnType.ANY, null) {
        @Override
        public Optional<String> settingsProblem(Settings settings) {
            return settings.values() == null || settings.values().isEmpty()
                    ? Optional.of(planName() + " needs values (code: name)")
                    : Optional.empty();
        }

        @Override
        public String toTarget(Object value, Settings settings) {
            String code = value.toString();
            String name = settings.values() == null ? null : settings.values().get(code);
            if (name == null) {
                throw new IllegalArgumentException("no mapping for value '" + code + "' (mapped: "
                        + (settings.values() == null
                                ? Set.of()
                                : settings.values().keySet()) + ")");
            }
            return name;
        }

        @Override
        public String sourceSql(String column, Settings settings) {
            return "CASE " + column + "::text "
                    + settings.values().entrySet().stream()
                            .map(v -> "WHEN " + literal(v.getKey()) + " THEN " + literal(v.getValue()))
                            .collect(Collectors.joining(" "))
                    + " END";
        }
    },

    /**
     * A {@code timestamp without time zone} that holds local time in the column's {@code zone}, to
     * the instant it was ({@code 2026-03-01 10:00} in Europe/Berlin to {@code 2026-03-01T09:00:00Z}).
     */
    TIMESTAMP_IN_ZONE(
            "timestamp-in-zone", ColumnType.TIMESTAMP, "a timestamp without time zone", ColumnType.ANY, null) {
        @Override
        public Optional<String> settingsProblem(Settings settings) {
            try {
                ZoneId.of(String.valueOf(settings.zone()));
                return Optional.empty();
            } catch (DateTimeException e) {
                return Optional.of(planName() + " needs a zone such as Europe/Berlin (was " + settings.zone() + ")");
            }
        }

        @Override
        public String toTarget(Object value, Settings settings) {
            if (!(value instanceof LocalDateTime local)) {
                throw new IllegalArgumentException(planName() + " needs a timestamp without time zone, got "
                        + value.getClass().getSimpleName());
            }
            // As PostgreSQL's AT TIME ZONE reads it, so that parity agrees: a time that occurs twice (clocks going
            // back) is the later instant, standard time; a time that never occurs (clocks going forward) has the
            // offset from before the change, as atZone gives it.
            return local.atZone(ZoneId.of(settings.zone()))
                    .withLaterOffsetAtOverlap()
                    .toInstant()
                    .toString();
        }

        @Override
        public String sourceSql(String column, Settings settings) {
            return "(" + column + " AT TIME ZONE " + literal(settings.zone()) + ")";
        }
    };

    /** What a column says about its conversion besides its name: the codes of {@link #MAP}, the zone of {@link #TIMESTAMP_IN_ZONE}. */
    public interface Settings {

        /** {@link #MAP}'s codes and their names; null for the other conversions. */
        Map<String, String> values();

        /** {@link #TIMESTAMP_IN_ZONE}'s zone, such as {@code Europe/Berlin}; null for the other conversions. */
        String zone();
    }

    private static final Map<String, Conversion> BY_PLAN_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Conversion::planName, Function.identity()));

    private final String planName;
    private final ColumnType source;
    private final String sourceNeeded;
    private final ColumnType target;
    private final String written;

    Conversion(String planName, ColumnType source, String sourceNeeded, ColumnType target, String written) {
        this.planName = planName;
        this.source = source;
        this.sourceNeeded = sourceNeeded;
        this.target = target;
        this.written = written;
    }

    /** The name a plan's {@code convert} and the plugin's mapping use, such as {@code cents-to-decimal}. */
    public String planName() {
        return planName;
    }

    /**
     * The conversion a plan names; for a name that is none, an {@link IllegalArgumentException} whose
     * message lists those that are.
     */
    public static Conversion of(String planName) {
        Conversion conversion = planName == null
                ? null
                : BY_PLAN_NAME.get(planName); // looked up for every value the transform converts
        if (conversion == null) {
            throw new IllegalArgumentException("convert must be one of " + planNames() + " (was '" + planName + "')");
        }
        return conversion;
    }

    /** Every plan name, sorted, for messages. */
    public static List<String> planNames() {
        return BY_PLAN_NAME.keySet().stream().sorted().toList();
    }

    /** Why the column's settings do not suit this conversion (no codes for {@code map}, no zone), or empty. */
    public abstract Optional<String> settingsProblem(Settings settings);

    /**
     * Why a source column of {@code type} (as PostgreSQL's {@code format_type} names it) cannot be
     * converted, or empty when it can.
     */
    public Optional<String> sourceTypeProblem(String column, String type) {
        return source.accepts(type)
                ? Optional.empty()
                : Optional.of(planName + " needs " + sourceNeeded + ", " + column + " is " + type);
    }

    /** Why a target column of {@code type} cannot take what this conversion writes, or empty when it can. */
    public Optional<String> targetTypeProblem(String column, String type) {
        return target.accepts(type)
                ? Optional.empty()
                : Optional.of(planName + " writes " + written + ", but " + column + " is " + type);
    }

    /**
     * The target value, as text PostgreSQL casts to the target column's type, of a source value that
     * is not null. The Connect plugin hands the value over as Java has it: a whole {@link Number} for
     * an integer column, a {@link BigDecimal} (or its text) for a numeric one, a {@link String} for
     * text, a {@link LocalDateTime} for a timestamp without time zone.
     *
     * @throws IllegalArgumentException when the value cannot be converted; the message says why
     */
    public abstract String toTarget(Object value, Settings settings);

    /**
     * The SQL expression that computes, in the source database, from {@code column} (an SQL
     * expression, such as a quoted column name) the value {@link #toTarget} writes. Parity casts it to
     * the target column's type and compares its text with the target's.
     */
    public abstract String sourceSql(String column, Settings settings);

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Column types as PostgreSQL's {@code format_type} names them ({@code numeric(12,2)}, {@code character varying(40)}). */
    private enum ColumnType {
        INTEGER {
            @Override
            boolean accepts(String type) {
                return Set.of("smallint", "integer", "bigint").contains(type);
            }
        },
        NUMERIC {
            @Override
            boolean accepts(String type) {
                return type.startsWith("numeric");
            }
        },
        TEXT {
            @Override
            boolean accepts(String type) {
                return type.startsWith("character") || type.equals("text");
            }
        },
        TIMESTAMP {
            @Override
            boolean accepts(String type) {
                return type.startsWith("timestamp without time zone");
            }
        },
        ANY {
            @Override
            boolean accepts(String type) {
                return true;
            }
        };

        abstract boolean accepts(String type);
    }
}
