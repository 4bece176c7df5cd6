package dev.strangler.gateway.api;

/**
 * A write cutover's step the gateway records once a hold is granted, in the hold's own call ({@link
 * HoldRequest#recordOnGrant}): the step after the hold, which the driver would otherwise record with a call of its
 * own while the writes wait. Recorded as {@code PUT /admin/cutovers/{cutover}} records {@code step}.
 */
public record StepOnGrant(String cutover, CutoverStepRequest step) {}
