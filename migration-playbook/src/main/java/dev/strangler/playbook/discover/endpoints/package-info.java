/**
 * The endpoint half of {@code strangler discover}: requests read from a recording (the WireMock stub mappings
 * {@code strangler record} writes) and from an OpenAPI document, reduced to path templates with their volume,
 * latency and errors, grouped by resource, and drafted as a route file the gateway itself then checks.
 */
package dev.strangler.playbook.discover.endpoints;
