/**
 * The strangler gateway's application class. Its packages point one way, from the bottom up: problem, path,
 * limit, client, cors, reload, audit; routing; table; live; hold; metrics; shadow; then the ways in (filter,
 * admin, replicas); then config, which wires them. ArchitectureTest keeps it so.
 */
package dev.strangler.gateway;
