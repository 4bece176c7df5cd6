/**
 * {@code strangler migrate}: a feature's read phases (shadow, canary steps, service) declared once in a plan,
 * advanced step by step when the gates read from the gateways' metrics pass, held while they have too little
 * data, and rolled back to the monolith when one fails; the progress is recorded so a killed run resumes.
 */
package dev.strangler.playbook.migrate;
