/**
 * The canonical spelling of a request path, and the web filter that puts every request on it or refuses
 * it with 400. Uses only {@code problem}.
 */
package dev.strangler.gateway.path;
