/**
 * Form login with a session cookie: who may do what, and which requests need a CSRF token.
 */
package dev.strangler.library.security;
