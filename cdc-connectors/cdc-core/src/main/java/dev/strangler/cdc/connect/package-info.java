/**
 * Kafka Connect: the few REST calls to a worker, and the connectors (Debezium source, our ordered sink and its
 * mapping) a plan's stream becomes. Uses {@code plan}, the Connect plugin's classes, and {@code sync}'s
 * {@code SyncMarker} for the heartbeat's SQL (so {@code connect} and {@code sync} use each other).
 */
package dev.strangler.cdc.connect;
