package dev.strangler.library.readinglist;

import dev.strangler.library.rest.CompositeKeyConverter;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** {@code /api/readingList/{member}_{book}}. */
@Component
class ReadingListKeys extends CompositeKeyConverter<ReadingListId> {

    ReadingListKeys() {
        super(ReadingListEntry.class, List.of("member", "book"));
    }

    @Override
    protected ReadingListId key(List<String> parts) {
        return new ReadingListId(Long.valueOf(parts.get(0)), UUID.fromString(parts.get(1)));
    }

    @Override
    protected List<Object> parts(ReadingListId key) {
        return List.of(key.getMember(), key.getBook());
    }
}
