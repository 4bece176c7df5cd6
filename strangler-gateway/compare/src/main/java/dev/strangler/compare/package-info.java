/**
 * The comparison of two answers to one request, declared once: the gateway compares a service's shadow answer with
 * the monolith's, the playbook's replay compares a target's answer with a recorded one, and both must call the same
 * thing a difference. Pure Java and Jackson, no Spring.
 */
package dev.strangler.compare;
