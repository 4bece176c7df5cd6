/**
 * The schema half of {@code strangler discover}: a source database's tables read from PostgreSQL's catalogs,
 * ordered by their foreign keys, and drafted as a CDC plan in the plan format {@code cdc-core} reads, with the
 * problems that keep each table from moving as it is.
 */
package dev.strangler.playbook.discover.schema;
