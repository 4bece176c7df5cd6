/**
 * The book catalog (authors, books and the {@code book_authors} join table): the feature that moves to a service
 * later. Exported by Spring Data REST; the cover bytes are served outside the HAL API.
 */
package dev.strangler.library.catalog;
