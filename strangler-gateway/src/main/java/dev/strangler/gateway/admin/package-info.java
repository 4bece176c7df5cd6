/**
 * The admin API on its own port: routes and their live state, mode changes, kill switch, holds, cutover
 * records, each feature's migration progress, audit, reload. A way in: uses the packages below it, and neither {@code filter} nor {@code replicas}.
 */
package dev.strangler.gateway.admin;
