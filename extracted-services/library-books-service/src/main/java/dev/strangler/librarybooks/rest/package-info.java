/**
 * How Spring Data REST shows the catalog: as the monolith does (base path, exposed ids, composite keys in URLs as
 * {@code {bookId}_{authorId}}), and read-only.
 */
package dev.strangler.librarybooks.rest;
