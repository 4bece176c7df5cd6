package dev.strangler.playbook.contract.check;

import dev.strangler.playbook.contract.http.ApiResponse;
import java.util.List;
import java.util.Set;

/**
 * Expectations on whole responses: status, media type and the problem-detail shape of errors.
 * Each returns the parsed body so that a scenario reads on only after the envelope is right.
 */
public final class Expect {

    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";

    private Expect() {}

    /** {@code status} with a JSON object body. */
    public static Fields json(ApiResponse response, int status) {
        jsonEnvelope(response, status);
        return Fields.body(response);
    }

    /** {@code status} with a JSON array body (of objects). */
    public static List<Fields> jsonArray(ApiResponse response, int status) {
        jsonEnvelope(response, status);
        return Fields.arrayBody(response);
    }

    /** {@code status}, body not inspected ({@code 204}). */
    public static void status(ApiResponse response, int status) {
        if (response.status() != status) {
            throw ContractViolation.in(response, "status " + status, String.valueOf(response.status()));
        }
    }

    /**
     * An RFC 9457 problem detail: {@code status}, {@code application/problem+json}, and a body with
     * the same {@code status}, a {@code title} and the given {@code code}.
     */
    public static Fields problem(ApiResponse response, int status, String code) {
        return problem(response, status, Set.of(code));
    }

    /** Like {@link #problem(ApiResponse, int, String)}, accepting any of {@code codes}. */
    public static Fields problem(ApiResponse response, int status, Set<String> codes) {
        String expected = "status " + status + " problem "
                + (codes.size() == 1 ? codes.iterator().next() : codes);
        if (response.status() != status) {
            throw ContractViolation.in(response, expected, "status " + response.status());
        }
        if (!response.mediaType().equals(PROBLEM)) {
            throw ContractViolation.in(response, "Content-Type " + PROBLEM, "'" + response.contentType() + "'");
        }
        Fields problem = Fields.body(response);
        long bodyStatus = problem.integer("status");
        problem.require(bodyStatus == status, "status field " + status, bodyStatus);
        problem.text("title");
        String code = problem.text("code");
        problem.require(codes.contains(code), "code " + String.join(" or ", codes), code);
        return problem;
    }

    /** Fails unless {@code condition} holds: {@code expected} in words, {@code actual} as it came back. */
    public static void that(ApiResponse response, boolean condition, String expected, Object actual) {
        if (!condition) {
            throw ContractViolation.in(response, expected, String.valueOf(actual));
        }
    }

    private static void jsonEnvelope(ApiResponse response, int status) {
        if (response.status() != status) {
            throw ContractViolation.in(response, "status " + status, String.valueOf(response.status()));
        }
        if (!response.mediaType().equals(JSON)) {
            throw ContractViolation.in(response, "Content-Type " + JSON, "'" + response.contentType() + "'");
        }
    }
}
