/**
 * The {@code audit_events} table: written with plain JDBC on every login and every loan change, never read by id (the
 * table has no key), never exported over the API.
 */
package dev.strangler.library.audit;
