/** Loans of a book to a member: lent with a POST, returned with a PATCH of {@code returnedAt}; each one audited. */
package dev.strangler.library.loans;
