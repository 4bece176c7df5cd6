/**
 * A recording of real traffic (WireMock stub mappings plus each caller's order, written by the gateway's recorder)
 * read back: {@code strangler replay} plays it against any side and compares each answer with the recorded one by the
 * gateway's own rule ({@code dev.strangler.compare}); {@code strangler stubs} serves it with WireMock.
 */
package dev.strangler.playbook.replay;
