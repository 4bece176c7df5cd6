/**
 * The request-size limit: a body over it is answered 413, whether it declares its length or streams in chunks.
 * Uses only {@code path} and {@code problem}.
 */
package dev.strangler.gateway.limit;
