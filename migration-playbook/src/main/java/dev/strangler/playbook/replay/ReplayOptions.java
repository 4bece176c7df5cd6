package dev.strangler.playbook.replay;

import dev.strangler.compare.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a replay runs and compares.
 *
 * @param writes  replay POST/PUT/PATCH/DELETE too (only against a disposable target)
 * @param headers response headers that must be equal, besides status and body
 * @param ignore  JSON paths left out of every body comparison
 * @param caller  replay only this caller, or null for all
 * @param limit   replay at most this many requests, or null for all
 * @param timeout how long one request may take
 * @param secrets values of placeholders the recording cannot give back (a login's password), by placeholder
 *     ({@code «redacted:2»})
 * @param inventSecrets give a placeholder nobody gave and no answer taught a new value of its own (see {@link
 *     InventedSecrets})
 * @param keepPlaceholders send a placeholder that has no value as it is (against the recording's own stubs, which
 *     expect it)
 */
record ReplayOptions(
        boolean writes,
        List<String> headers,
        List<JsonPath> ignore,
        String caller,
        Integer limit,
        Duration timeout,
        Map<String, String> secrets,
        boolean inventSecrets,
        boolean keepPlaceholders) {

    ReplayOptions {
        secrets = Map.copyOf(secrets);
    }
}
