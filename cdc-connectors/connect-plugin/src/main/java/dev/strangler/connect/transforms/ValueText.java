package dev.strangler.connect.transforms;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * Turns a Debezium field value into the text PostgreSQL accepts for the target column (the sink
 * casts it to the column's type), applying the column's conversion.
 */
final class ValueText {

    private ValueText() {
    }

    static String of(Object value, Schema schema, TableMapping.ColumnMapping mapping, String where) {
        if (value == null) {
            return null;
        }
        String convert = mapping.convert();
        if (convert == null) {
            return plain(value, schema);
        }
        switch (convert) {
            case "cents-to-decimal":
                if (!(value instanceof Number n) || value instanceof BigDecimal) {
                    throw new DataException(where + ": cents-to-decimal needs an integer column, got " + value.getClass().getSimpleName());
                }
                return BigDecimal.valueOf(n.longValue(), 2).toPlainString();
            case "decimal-to-cents":
                return cents(value, where);
            case "map":
                String key = plain(value, schema);
                String mapped = mapping.values() == null ? null : mapping.values().get(key);
                if (mapped == null) {
                    throw new DataException(where + ": no mapping for value '" + key + "' (mapped: "
                            + (mapping.values() == null ? Map.of() : mapping.values().keySet()) + ")");
                }
                return mapped;
            case "timestamp-in-zone":
                LocalDateTime local = localDateTime(value, schema, where);
                return local.atZone(ZoneId.of(mapping.zone())).toInstant().toString();
            default:
                throw new DataException(where + ": unknown conversion '" + convert + "'");
        }
    }

    /** A decimal amount (Debezium sends numerics as text or BigDecimal) as integer cents; fractions of a cent are refused. */
    private static String cents(Object value, String where) {
        BigDecimal amount;
        if (value instanceof BigDecimal d) {
            amount = d;
        } else if (value instanceof String text) {
            try {
                amount = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new DataException(where + ": decimal-to-cents needs a decimal, got '" + text + "'");
            }
        } else {
            throw new DataException(where + ": decimal-to-cents needs a decimal column, got " + value.getClass().getSimpleName());
        }
        try {
            return amount.movePointRight(2).toBigIntegerExact().toString();
        } catch (ArithmeticException e) {
            throw new DataException(where + ": " + amount.toPlainString() + " has fractions of a cent; decimal-to-cents keeps whole cents only");
        }
    }

    private static String plain(Object value, Schema schema) {
        String logical = schema == null ? null : schema.name();
        if (logical != null) {
            switch (logical) {
                case "org.apache.kafka.connect.data.Decimal":
                    return ((BigDecimal) value).toPlainString();
                case "org.apache.kafka.connect.data.Timestamp":
                    return ((java.util.Date) value).toInstant().toString();
                case "org.apache.kafka.connect.data.Date":
                    return ((java.util.Date) value).toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString();
                case "io.debezium.time.Date":
                    return LocalDate.ofEpochDay(((Number) value).longValue()).toString();
                case "io.debezium.time.MicroTimestamp":
                    return micros(((Number) value).longValue()).toString();
                case "io.debezium.time.Timestamp":
                    return LocalDateTime.ofInstant(Instant.ofEpochMilli(((Number) value).longValue()), ZoneOffset.UTC).toString();
                case "io.debezium.time.MicroTime":
                    return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000).toString();
                default:
                    break;
            }
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof java.nio.ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        return value.toString();
    }

    private static LocalDateTime localDateTime(Object value, Schema schema, String where) {
        String logical = schema == null ? null : schema.name();
        if ("io.debezium.time.MicroTimestamp".equals(logical)) {
            return micros(((Number) value).longValue());
        }
        if ("io.debezium.time.Timestamp".equals(logical)) {
            return LocalDateTime.ofInstant(Instant.ofEpochMilli(((Number) value).longValue()), ZoneOffset.UTC);
        }
        if ("org.apache.kafka.connect.data.Timestamp".equals(logical)) {
            return LocalDateTime.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
        }
        throw new DataException(where + ": timestamp-in-zone needs a timestamp without time zone, got " + logical);
    }

    private static LocalDateTime micros(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1_000,
                ZoneOffset.UTC);
    }
}
