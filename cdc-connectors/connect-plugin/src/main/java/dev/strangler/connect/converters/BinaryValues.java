package dev.strangler.connect.converters;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Kafka Connect values in a compact binary form, read back with the same schema: every value is a
 * presence byte (0 = null) and then, by the schema's type, fixed-width numbers, length-prefixed
 * UTF-8 strings and bytes, counted arrays and maps, and struct fields in schema order. Kafka's
 * logical types (Decimal, Date, Time, Timestamp) travel as their underlying type.
 */
final class BinaryValues {

    private BinaryValues() {}

    /** A growable byte buffer. */
    static final class Writer {
        private byte[] bytes;
        private int size;

        Writer(int capacity) {
            bytes = new byte[Math.max(64, capacity)];
        }

        void raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        void u8(int v) {
            ensure(1);
            bytes[size++] = (byte) v;
        }

        void i32(int v) {
            ensure(4);
            bytes[size++] = (byte) (v >>> 24);
            bytes[size++] = (byte) (v >>> 16);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void i64(long v) {
            i32((int) (v >>> 32));
            i32((int) v);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    static void write(Writer out, Schema schema, Object value) {
        if (value == null) {
            if (!schema.isOptional() && schema.defaultValue() == null) {
                throw new DataException("null value for a required " + schema.type()
                        + (schema.name() == null ? "" : " " + schema.name()));
            }
            out.u8(0);
            return;
        }
        out.u8(1);
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME -> {
                    bytes(out, Decimal.fromLogical(schema, (BigDecimal) value));
                    return;
                }
                case Date.LOGICAL_NAME -> {
                    out.i32(Date.fromLogical(schema, (java.util.Date) value));
                    return;
                }
                case Time.LOGICAL_NAME -> {
                    out.i32(Time.fromLogical(schema, (java.util.Date) value));
                    return;
                }
                case Timestamp.LOGICAL_NAME -> {
                    out.i64(Timestamp.fromLogical(schema, (java.util.Date) value));
                    return;
                }
                default -> {
                    // not a Kafka logical type (e.g. io.debezium.time.ZonedTimestamp): its plain type below
                }
            }
        }
        switch (schema.type()) {
            case INT8 -> out.u8((Byte) value);
            case INT16 -> out.i32((Short) value);
            case INT32 -> out.i32((Integer) value);
            case INT64 -> out.i64((Long) value);
            case FLOAT32 -> out.i32(Float.floatToIntBits((Float) value));
            case FLOAT64 -> out.i64(Double.doubleToLongBits((Double) value));
            case BOOLEAN -> out.u8((Boolean) value ? 1 : 0);
            case STRING -> bytes(out, ((String) value).getBytes(StandardCharsets.UTF_8));
            case BYTES -> {
                if (value instanceof ByteBuffer b) {
                    byte[] copy = new byte[b.remaining()];
                    b.duplicate().get(copy);
                    bytes(out, copy);
                } else {
                    bytes(out, (byte[]) value);
                }
            }
            case ARRAY -> {
                List<?> list = (List<?>) value;
                out.i32(list.size());
                for (Object element : list) {
                    write(out, schema.valueSchema(), element);
                }
            }
            case MAP -> {
                Map<?, ?> map = (Map<?, ?>) value;
                out.i32(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    write(out, schema.keySchema(), e.getKey());
                    write(out, schema.valueSchema(), e.getValue());
                }
            }
            case STRUCT -> {
                Struct struct = (Struct) value;
                for (Field f : schema.fields()) {
                    write(out, f.schema(), struct.getWithoutDefault(f.name()));
                }
            }
            default -> throw new DataException("type " + schema.type() + " is not supported");
        }
    }

    static Object read(ByteBuffer in, Schema schema) {
        if (in.get() == 0) {
            return null;
        }
        String logical = schema.name();
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME -> {
                    return Decimal.toLogical(schema, bytes(in));
                }
                case Date.LOGICAL_NAME -> {
                    return Date.toLogical(schema, in.getInt());
                }
                case Time.LOGICAL_NAME -> {
                    return Time.toLogical(schema, in.getInt());
                }
                case Timestamp.LOGICAL_NAME -> {
                    return Timestamp.toLogical(schema, in.getLong());
                }
                default -> {
                    // its plain type below
                }
            }
        }
        return switch (schema.type()) {
            case INT8 -> in.get();
            case INT16 -> (short) in.getInt();
            case INT32 -> in.getInt();
            case INT64 -> in.getLong();
            case FLOAT32 -> Float.intBitsToFloat(in.getInt());
            case FLOAT64 -> Double.longBitsToDouble(in.getLong());
            case BOOLEAN -> in.get() != 0;
            case STRING -> new String(bytes(in), StandardCharsets.UTF_8);
            case BYTES -> bytes(in);
            case ARRAY -> {
                int n = in.getInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in, schema.valueSchema()));
                }
                yield list;
            }
            case MAP -> {
                int n = in.getInt();
                Map<Object, Object> map = new HashMap<>(Math.max(4, n * 2));
                for (int i = 0; i < n; i++) {
                    Object k = read(in, schema.keySchema());
                    map.put(k, read(in, schema.valueSchema()));
                }
                yield map;
            }
            case STRUCT -> {
                Struct struct = new Struct(schema);
                for (Field f : schema.fields()) {
                    Object v = read(in, f.schema());
                    if (v != null) {
                        struct.put(f, v);
                    }
                }
                yield struct;
            }
        };
    }

    private static void bytes(Writer out, byte[] b) {
        out.i32(b.length);
        out.raw(b);
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return b;
    }
}
