/**
 * The {@code "Reading List"} table: a name with a space and quoted column names ({@code "member"}, {@code "book"},
 * {@code "added at"}), keyed by member and book together.
 */
package dev.strangler.library.readinglist;
