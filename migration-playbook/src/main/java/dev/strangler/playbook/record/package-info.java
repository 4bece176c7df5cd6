/**
 * {@code strangler record}: the gateway replicas' recordings of real traffic, collected and written as a recording
 * directory (WireMock stub mappings, the order of each caller's requests, what was redacted), which {@code strangler
 * replay}, {@code stubs} and {@code discover} read.
 */
package dev.strangler.playbook.record;
