/**
 * The second reference monolith: a lending library. Package by feature ({@code catalog}, {@code members},
 * {@code loans}, {@code readinglist}), with the cross-cutting parts ({@code audit}, {@code security}, {@code rest},
 * {@code web}) beside them.
 */
package dev.strangler.library;
