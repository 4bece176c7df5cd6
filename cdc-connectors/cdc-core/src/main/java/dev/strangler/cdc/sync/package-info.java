/**
 * Running a plan's streams: applying and removing them, their status, the sync barrier and its marker and position
 * tables, column ownership at a write cutover, key sequences and parity checks. Uses {@code plan}, {@code connect},
 * the Connect plugin's marker and position tables and ownership token, and the conversions.
 */
package dev.strangler.cdc.sync;
