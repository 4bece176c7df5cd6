package dev.strangler.connect.transforms;

import dev.strangler.cdc.conversion.Conversion;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * Turns a Debezium field value into the text PostgreSQL accepts for the target column (the sink
 * casts it to the column's type), applying the column's {@link Conversion}.
 */
final class ValueText {

    private ValueText() {}

    static String of(Object value, Schema schema, TableMapping.ColumnMapping mapping, String where) {
        if (value == null) {
            return null;
        }
        Conversion conversion = mapping.conversion();
        if (conversion == null) {
            return plain(value, schema);
        }
        try {
            return conversion.toTarget(javaValue(value, schema), mapping);
        } catch (IllegalArgumentException e) {
            throw new DataException(where + ": " + e.getMessage());
        }
    }

    private static String plain(Object value, Schema schema) {
        String logical = schema == null ? null : schema.name();
        if (logical != null) {
            switch (logical) {
                case "org.apache.kafka.connect.data.Decimal":
                    return ((BigDecimal) value).toPlainString();
                case "org.apache.kafka.connect.data.Timestamp":
                    return ((Date) value).toInstant().toString();
                case "org.apache.kafka.connect.data.Date":
                    return ((Date) value)
                            .toInstant()
                            .atOffset(ZoneOffset.UTC)
                            .toLocalDate()
                            .toString();
                case "io.debezium.time.Date":
                    return LocalDate.ofEpochDay(((Number) value).longValue()).toString();
                case "io.debezium.time.MicroTimestamp":
                    return micros(((Number) value).longValue()).toString();
                case "io.debezium.time.Timestamp":
                    return LocalDateTime.ofInstant(Instant.ofEpochMilli(((Number) value).longValue()), ZoneOffset.UTC)
                            .toString();
                case "io.debezium.time.MicroTime":
                    return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000)
                            .toString();
                default:
                    break;
            }
        }
        if (value instanceof List<?> items) {
            return arrayLiteral(items, schema == null ? null : schema.valueSchema());
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        return value.toString();
    }

    /**
     * A PostgreSQL array literal ({@code {"a","b \"c\"",NULL}}) of a list Debezium sends for an array
     * column: each element as its own text, quoted and escaped, nested lists as nested arrays.
     */
    private static String arrayLiteral(List<?> items, Schema elementSchema) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Object item = items.get(i);
            if (item == null) {
                b.append("NULL");
            } else if (item instanceof List<?> nested) {
                b.append(arrayLiteral(nested, elementSchema == null ? null : elementSchema.valueSchema()));
            } else {
                b.append('"')
                        .append(plain(item, elementSchema).replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
        }
        return b.append('}').toString();
    }

    /**
     * The value as a {@link Conversion} takes it: Debezium's timestamps without time zone (epoch
     * micros or millis, or Connect's Timestamp, all of local time) as a LocalDateTime; the others as
     * Debezium sends them (whole numbers, BigDecimal or text for numerics, text).
     */
    private static Object javaValue(Object value, Schema schema) {
        String logical = schema == null ? null : schema.name();
        if ("io.debezium.time.MicroTimestamp".equals(logical)) {
            return micros(((Number) value).longValue());
        }
        if ("io.debezium.time.Timestamp".equals(logical)) {
            return LocalDateTime.ofInstant(Instant.ofEpochMilli(((Number) value).longValue()), ZoneOffset.UTC);
        }
        if ("org.apache.kafka.connect.data.Timestamp".equals(logical)) {
            return LocalDateTime.ofInstant(((Date) value).toInstant(), ZoneOffset.UTC);
        }
        return value;
    }

    private static LocalDateTime micros(long micros) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }
}
