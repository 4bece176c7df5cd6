/**
 * The route-file compiler: YAML in, a validated {@code RouteTable} out, or every problem with its line and field.
 * Uses only {@code routing}.
 */
package dev.strangler.gateway.table;
