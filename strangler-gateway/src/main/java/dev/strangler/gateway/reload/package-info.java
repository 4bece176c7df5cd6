/**
 * The route-file watcher: polls the file and hands each new text to whoever applies it.
 * Uses no other package of the gateway.
 */
package dev.strangler.gateway.reload;
