package dev.strangler.gateway.routing;

import java.util.List;

/**
 * How a shadow route compares the service's answer with the monolith's.
 *
 * @param ignore       JSON paths ({@code $.a.b}, {@code $.items[*].id}) left out of the body comparison
 * @param headers      response headers that must be equal (status and JSON body always are compared)
 * @param mirrorUnsafe whether POST/PUT/PATCH/DELETE are mirrored too (with a dry-run header)
 * @param learnNoise   whether the monolith is asked twice, Diffy-style, to learn which fields vary by themselves
 */
public record ShadowOptions(List<JsonPath> ignore, List<String> headers, boolean mirrorUnsafe, boolean learnNoise) {

    public static final ShadowOptions DEFAULT = new ShadowOptions(List.of(), List.of("Content-Type"), false, false);
}
