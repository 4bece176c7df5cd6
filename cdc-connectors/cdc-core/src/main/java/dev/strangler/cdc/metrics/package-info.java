/**
 * A plan's streams as Prometheus metrics, for an exporter that runs next to Kafka Connect ({@code strangler cdc
 * metrics}): the series and their labels, declared once, and their text exposition. Uses {@code sync}'s read-only
 * look at a stream and {@code connect}'s connector names.
 */
package dev.strangler.cdc.metrics;
