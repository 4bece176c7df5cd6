/**
 * How Spring Data REST shows this app: the API's base path and which ids appear in the JSON (in
 * {@code application.yml} and {@link dev.strangler.library.rest.RestConfiguration}), and how composite keys are written
 * in a URL.
 */
package dev.strangler.library.rest;
