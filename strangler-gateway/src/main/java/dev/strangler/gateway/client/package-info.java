/**
 * Who the caller is: its address behind the trusted proxies, from the forwarded header they write.
 * Uses no other package of the gateway.
 */
package dev.strangler.gateway.client;
