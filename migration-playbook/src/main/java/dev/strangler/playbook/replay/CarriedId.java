package dev.strangler.playbook.replay;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * An identifier a write was given ({@code "id": 17} in the answer to {@code POST /api/orders}), and where the
 * recording names that resource, so the new value goes there and nowhere else: small numbers repeat everywhere (a
 * product id, a quantity), and putting a new order id in place of every {@code 17} would break the very requests
 * the replay is checking.
 *
 * <p>It goes: in a path, into the segment after the resource's collection ({@code /api/orders/17}); in a query or a
 * JSON body or answer, into a field or parameter of the name it came under, or {@code <resource>Id}/{@code
 * <resource>_id} for an {@code id} ({@code orderId}); and anywhere it is a whole token when it is long enough not to
 * repeat by chance (a UUID, a long key).
 *
 * @param now the value the target gave, or null when the write was not replayed
 */
record CarriedId(String was, String now, Set<String> names) {

    /** From here on a value cannot be a coincidence, whatever its place. */
    private static final int DISTINCTIVE = 8;

    /** The identifier {@code field} of the answer to a write on {@code path}. */
    static CarriedId of(String field, String was, String now, String writePath) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.add(field);
        if (field.equalsIgnoreCase("id")) {
            String resource = resource(writePath);
            if (resource != null) {
                names.add(resource + "Id");
                names.add(resource + "_id");
            }
        }
        return new CarriedId(was, now, names);
    }

    /** Whether the value {@code token} under the field or parameter {@code name} is this identifier. */
    boolean at(String name, String token) {
        return was.equals(token) && (distinctive() || (name != null && names.contains(name)));
    }

    /** Whether path segment {@code token}, after segment {@code previous}, is this identifier. */
    boolean inPath(String previous, String token) {
        if (!was.equals(token)) {
            return false;
        }
        String collection = singular(previous);
        return distinctive() || (collection != null && names.contains(collection + "Id"));
    }

    /**
     * The path (no query) with each segment that is a carried identifier, by its place after its collection, replaced
     * by the new value; the first identifier that fits wins (callers keep the latest first).
     */
    static String inPath(String path, List<CarriedId> ids) {
        if (ids.isEmpty()) {
            return path;
        }
        String[] segments = path.split("/", -1);
        boolean changed = false;
        for (int i = 1; i < segments.length; i++) {
            for (CarriedId id : ids) {
                if (id.now() != null && id.inPath(segments[i - 1], segments[i])) {
                    segments[i] = id.now();
                    changed = true;
                    break;
                }
            }
        }
        return changed ? String.join("/", segments) : path;
    }

    /**
     * A text in an answer that is a path or an absolute URL ({@code /api/orders/17/cancel}, a HAL link) with its
     * carried identifiers in place, as {@link #inPath}; any other text as it is.
     */
    static String inLink(String text, List<CarriedId> ids) {
        int start;
        if (text.startsWith("/")) {
            start = 0;
        } else if (text.startsWith("http://") || text.startsWith("https://")) {
            start = text.indexOf('/', text.indexOf("://") + 3);
            if (start < 0) {
                return text;
            }
        } else {
            return text;
        }
        int end = text.length();
        for (char c : new char[] {'?', '#', '{'}) {
            int at = text.indexOf(c, start);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return text.substring(0, start) + inPath(text.substring(start, end), ids) + text.substring(end);
    }

    private boolean distinctive() {
        return was.length() >= DISTINCTIVE;
    }

    /**
     * The resource a write's path creates: the singular of its last segment that names a collection ({@code orders}:
     * order; {@code /api/users/register}: user, the action after it aside), else of its last segment that is a name.
     */
    private static String resource(String path) {
        String[] segments = path.split("\\?", 2)[0].split("/");
        String lastName = null;
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].isEmpty() && Character.isLetter(segments[i].charAt(0))) {
                if (segments[i].endsWith("s")) {
                    return singular(segments[i]);
                }
                lastName = lastName == null ? segments[i] : lastName;
            }
        }
        return singular(lastName);
    }

    private static String singular(String segment) {
        if (segment == null || segment.isEmpty() || !Character.isLetter(segment.charAt(0))) {
            return null;
        }
        String s = segment.toLowerCase(Locale.ROOT);
        if (s.endsWith("ies")) {
            return s.substring(0, s.length() - 3) + "y";
        }
        return s.endsWith("s") ? s.substring(0, s.length() - 1) : s;
    }
}
