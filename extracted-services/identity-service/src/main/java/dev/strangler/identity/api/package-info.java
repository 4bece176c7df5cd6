/** The app's endpoints, the monolith's user contract. Uses {@code accounts} and {@code sessions}. */
package dev.strangler.identity.api;
