/**
 * The migration plan: its YAML read into records, checked without a database and then against the databases it
 * names, and the connections to them. Uses no other package of cdc-core; of our modules only the conversions.
 */
package dev.strangler.cdc.plan;
