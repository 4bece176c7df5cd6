package dev.strangler.playbook.contract;

import dev.strangler.playbook.contract.http.ApiClient;

/**
 * One thing the mobile app does, played over HTTP against a backend. A scenario is independent of
 * the others: it makes its own user and finds its own products, carrying ids and tokens from step to
 * step. It signals a broken contract by throwing
 * {@link dev.strangler.playbook.contract.check.ContractViolation}.
 */
public interface Scenario {

    /** The name used on the command line and in reports ({@code browse-categories}). */
    String name();

    /** What the scenario checks, in one line. */
    String description();

    /** Plays the scenario; returns normally when the backend kept the contract. */
    void run(ApiClient api);
}
