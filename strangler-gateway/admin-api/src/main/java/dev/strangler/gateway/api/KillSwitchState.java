package dev.strangler.gateway.api;

/** The answer to a kill-switch change: whether it is on now, and the live table's version. */
public record KillSwitchState(boolean killSwitch, long tableVersion) {}
