package dev.strangler.library.readinglist;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.rest.core.annotation.RepositoryRestResource;

/** {@code /api/readingList}. */
@RepositoryRestResource(
        path = "readingList",
        collectionResourceRel = "readingList",
        itemResourceRel = "readingListEntry")
public interface ReadingListRepository extends JpaRepository<ReadingListEntry, ReadingListId> {}
