package dev.strangler.library.catalog;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A book's cover as raw bytes, outside the HAL API: {@code GET /books/{id}/cover} answers {@code image/png} when the
 * bytes are a PNG and {@code application/octet-stream} otherwise (the table keeps no content type); {@code PUT} with
 * the bytes as the body replaces it.
 */
@RestController
class CoverController {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final BookRepository books;

    CoverController(BookRepository books) {
        this.books = books;
    }

    @GetMapping("/books/{id}/cover")
    ResponseEntity<byte[]> cover(@PathVariable UUID id) {
        Book book = book(id);
        if (!book.isHasCover()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "book " + id + " has no cover");
        }
        return ResponseEntity.ok().contentType(typeOf(book.getCover())).body(book.getCover());
    }

    @PutMapping("/books/{id}/cover")
    @Transactional
    ResponseEntity<Void> replace(@PathVariable UUID id, @RequestBody byte[] bytes) {
        if (bytes.length == 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the cover is empty: send its bytes as the body");
        }
        book(id).setCover(bytes);
        return ResponseEntity.noContent().build();
    }

    private Book book(UUID id) {
        return books.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no book " + id));
    }

    static MediaType typeOf(byte[] bytes) {
        if (bytes.length < PNG_SIGNATURE.length) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (bytes[i] != PNG_SIGNATURE[i]) {
                return MediaType.APPLICATION_OCTET_STREAM;
            }
        }
        return MediaType.IMAGE_PNG;
    }
}
