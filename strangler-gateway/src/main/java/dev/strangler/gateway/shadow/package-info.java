/**
 * Shadow traffic: the copy of a request sent to the service, the comparison of the two answers, the mismatches
 * and learned noise kept for the admin API. Uses {@code routing} and {@code metrics}; gets its limits as a value.
 */
package dev.strangler.gateway.shadow;
