/**
 * The control state several replicas share in PostgreSQL (overrides, holds, cutover records, leases, pins),
 * applied to this replica's live state and holds. A way in: uses the packages below it, not {@code filter} or {@code admin}.
 */
package dev.strangler.gateway.replicas;
