/**
 * {@code strangler discover}: what a monolith nobody here wrote has, learned from its traffic (a recording, an
 * OpenAPI document) and from its database's catalogs, written as drafts a person edits: a route file with every
 * route on the monolith, and a CDC plan with a list of what must be fixed before it can be applied.
 */
package dev.strangler.playbook.discover;
