/** Failures as the monolith's problem details (RFC 9457), with its codes, titles and details. */
package dev.strangler.identity.errors;
