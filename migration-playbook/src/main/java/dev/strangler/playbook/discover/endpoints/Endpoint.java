package dev.strangler.playbook.discover.endpoints;

/**
 * One endpoint: a method and a path template, with what the recording saw of it.
 *
 * @param volume            requests recorded (0 for an endpoint only the OpenAPI document declares)
 * @param p50Ms             median latency in milliseconds, or null when no request said how long it took
 * @param p99Ms             99th percentile (nearest rank), or null
 * @param serverErrorShare  share of 5xx answers, 0 to 1
 * @param clientErrorShare  share of 4xx answers, 0 to 1
 * @param documented        whether the OpenAPI document declares it
 */
public record Endpoint(
        String method,
        String template,
        long volume,
        Double p50Ms,
        Double p99Ms,
        double serverErrorShare,
        double clientErrorShare,
        boolean documented) {

    /** Whether it is a read (GET, HEAD), which the draft routes apart from writes. */
    public boolean read() {
        return method.equals("GET") || method.equals("HEAD");
    }
}
