/**
 * The live state, the gateway's mutable core: the current snapshot and its changes (reloads, overrides, kill
 * switch, kept in the override store), and the read-your-writes pins. Uses {@code routing}, {@code table} and
 * {@code audit}; never a package that serves requests or the admin API.
 */
package dev.strangler.gateway.live;
