package dev.strangler.playbook.discover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.playbook.discover.endpoints.PathTemplates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How paths no route matched become templates. */
class PathTemplatesTest {

    @Test
    void numbersUuidsAndLongHexAreIdentifiersEvenWhenSeenOnce() {
        assertThat(PathTemplates.infer(List.of(
                        "/api/orders/42",
                        "/api/users/0b7f3a52-0d4e-4a8b-9c59-1f3c2b7d9a01/avatar",
                        "/files/9f86d081884c7d659a2feaa0c55ad015")))
                .containsEntry("/api/orders/42", "/api/orders/*")
                .containsEntry("/api/users/0b7f3a52-0d4e-4a8b-9c59-1f3c2b7d9a01/avatar", "/api/users/*/avatar")
                .containsEntry("/files/9f86d081884c7d659a2feaa0c55ad015", "/files/*");
    }

    @Test
    void resourcesSeenOftenStayLiteralWhileManyRareValuesAtOnePositionBecomeAParameter() {
        List<String> paths = new ArrayList<>();
        paths.addAll(Collections.nCopies(20, "/api/books"));
        paths.addAll(Collections.nCopies(15, "/api/authors"));
        paths.addAll(Collections.nCopies(10, "/api/members"));
        paths.addAll(List.of("/api/authors/tolkien", "/api/authors/herbert", "/api/authors/le-guin"));

        assertThat(PathTemplates.infer(paths))
                .containsEntry("/api/books", "/api/books")
                .containsEntry("/api/members", "/api/members")
                .containsEntry("/api/authors/tolkien", "/api/authors/*")
                .containsEntry("/api/authors/le-guin", "/api/authors/*");
    }

    @Test
    void twoValuesAreNotEnoughToCallAPositionAParameter() {
        assertThat(PathTemplates.infer(List.of("/api/books/search", "/api/books/new")))
                .containsEntry("/api/books/search", "/api/books/search")
                .containsEntry("/api/books/new", "/api/books/new");
    }
}
