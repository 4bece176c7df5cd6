package dev.strangler.library.rest;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.data.rest.webmvc.spi.BackendIdConverter;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Writes a composite key in a URL as its parts joined by {@value #SEPARATOR} (for example
 * {@code /api/bookAuthors/{bookId}_{authorId}}), and reads it back. The one rule for every composite-key entity of
 * the app; a subclass only says which parts a key has. A malformed key is a 400 that says what was written and what
 * the shape is.
 */
public abstract class CompositeKeyConverter<K extends Serializable> implements BackendIdConverter {

    /** Neither a UUID nor a number contains it, so a key splits back unambiguously. */
    public static final String SEPARATOR = "_";

    private final Class<?> entityType;
    private final List<String> partNames;

    protected CompositeKeyConverter(Class<?> entityType, List<String> partNames) {
        this.entityType = entityType;
        this.partNames = List.copyOf(partNames);
    }

    /** The key made of the parts, in {@code partNames} order; throws {@link IllegalArgumentException} on a bad part. */
    protected abstract K key(List<String> parts);

    /** The key's parts, in {@code partNames} order. */
    protected abstract List<Object> parts(K key);

    @Override
    public Serializable fromRequestId(String id, Class<?> type) {
        if (id == null) {
            return null;
        }
        List<String> parts = List.of(id.split(SEPARATOR, -1));
        if (parts.size() == partNames.size()) {
            try {
                return key(parts);
            } catch (IllegalArgumentException ignored) {
                // reported below with the expected shape
            }
        }
        throw new ResponseStatusException(
                HttpStatus.BAD_REQUEST,
                "'" + id + "' is not a key of " + type.getSimpleName() + ": write "
                        + partNames.stream().map(p -> "{" + p + "}").collect(Collectors.joining(SEPARATOR)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public String toRequestId(Serializable id, Class<?> type) {
        return parts((K) id).stream().map(String::valueOf).collect(Collectors.joining(SEPARATOR));
    }

    @Override
    public boolean supports(Class<?> type) {
        return entityType.equals(type);
    }
}
