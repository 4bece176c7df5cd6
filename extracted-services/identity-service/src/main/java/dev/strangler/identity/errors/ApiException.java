package dev.strangler.identity.errors;

import org.springframework.http.HttpStatus;

/**
 * A failure the API reports to the app: its HTTP status, a stable machine-readable {@code code}
 * and a human title. Rendered as a problem detail by {@link ProblemHandler}; codes, titles and
 * details are worded exactly as the monolith words them, because the gateway compares both answers.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String title;
    /** Seconds the app should wait before it tries again ({@code Retry-After}), or null. */
    private final Long retryAfterSeconds;

    public ApiException(HttpStatus status, String code, String title, String detail) {
        this(status, code, title, detail, null);
    }

    public ApiException(HttpStatus status, String code, String title, String detail, Long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException unauthenticated(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", detail);
    }
}
