/**
 * Members: who may borrow, and who logs in (by email and a BCrypt-hashed password). Read-only over the API; the seed
 * creates them.
 */
package dev.strangler.library.members;
