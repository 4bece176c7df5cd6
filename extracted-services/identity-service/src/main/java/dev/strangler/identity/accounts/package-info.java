/**
 * Accounts: users in the service's own {@code users} table, registration and profiles, and passwords in
 * the monolith's PBKDF2 format (read and upgraded by a Spring Security {@code PasswordEncoder}). Uses
 * {@code errors} only.
 */
package dev.strangler.identity.accounts;
