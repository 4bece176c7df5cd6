package dev.strangler.playbook.discover.schema;

import java.util.Optional;
import java.util.Set;

/**
 * Which column types a stream carries one to one, found by reading how a value travels (not guessed): Debezium's
 * PostgreSQL connector sends it with the connector settings {@code ConnectorConfigs} gives
 * ({@code decimal.handling.mode=string}, {@code interval.handling.mode=string}, the default time and binary modes),
 * the {@code MapToTarget} transform
 * writes it as text ({@code ValueText}: numbers and strings as they are, Debezium's dates and timestamps as ISO
 * text, bytes as {@code \x} hex, lists as array literals), and the sink casts that text to the target column's
 * type. Carried: the types that path handles explicitly or that are plain numbers and strings, and whose
 * arrays {@code CatalogStreamTest} and {@code ChangeApplierTest} move ({@code text[]}, {@code integer[]},
 * {@code bytea}). Not carried: types whose value arrives in a form the cast reads differently. Anything else is
 * for a person to check with a test row.
 */
public final class ColumnTypes {

    /** How a column's type travels. */
    public enum Verdict {
        CARRIED,
        NOT_CARRIED,
        CHECK
    }

    /** A verdict and, unless carried, why. */
    public record Treatment(Verdict verdict, Optional<String> why) {}

    private static final Set<String> CARRIED = Set.of(
            "json",
            "jsonb",
            "int2",
            "int4",
            "int8",
            "numeric",
            "text",
            "varchar",
            "bpchar",
            "bool",
            "uuid",
            "date",
            "time",
            "timestamp",
            "timestamptz",
            "interval", // as ISO 8601 text (the source connector's interval.handling.mode=string)
            "bytea");

    private ColumnTypes() {}

    public static Treatment of(SourceColumn column) {
        String base = column.baseType();
        if (column.typeKind() != 'b') {
            String kind = switch (column.typeKind()) {
                case 'e' -> "an enum";
                case 'd' -> "a domain";
                case 'c' -> "a composite type";
                case 'r', 'm' -> "a range";
                default -> "a user-defined type";
            };
            return check(column.type() + " is " + kind + ": Debezium sends it as text; check that the target has "
                    + "the same type and that a test row arrives unchanged");
        }
        if (CARRIED.contains(base)) {
            return new Treatment(Verdict.CARRIED, Optional.empty());
        }
        return switch (base) {
            case "point" ->
                notCarried(column.type() + ": Debezium sends a point as a structure (x, y, wkb), which the"
                        + " transform writes as no text PostgreSQL reads as a point");
            case "float4", "float8" ->
                check(column.type() + ": travels as a Java float; check that the values "
                        + "survive the round trip through their text (no stream test carries one yet)");
            default ->
                check(column.type() + ": no stream test carries this type; check that a test row arrives "
                        + "unchanged before relying on it");
        };
    }

    private static Treatment check(String why) {
        return new Treatment(Verdict.CHECK, Optional.of(why));
    }

    private static Treatment notCarried(String why) {
        return new Treatment(Verdict.NOT_CARRIED, Optional.of(why));
    }
}
