/**
 * Settings ({@code strangler.*}, validated at startup) and the wiring of every package into Spring Cloud Gateway.
 * The top of the gateway: may use every package; none but the application class uses it.
 */
package dev.strangler.gateway.config;
