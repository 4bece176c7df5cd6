/**
 * The catalog's entities and repositories, shaped as the monolith's so that Spring Data REST renders the same HAL: the
 * same property names, associations and projection, the same search methods. Read-only here: the monolith keeps the
 * writes until they are cut over.
 */
package dev.strangler.librarybooks.books;
