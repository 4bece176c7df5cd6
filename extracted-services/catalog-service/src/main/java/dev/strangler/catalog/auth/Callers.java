package dev.strangler.catalog.auth;

/**
 * Who owns a bearer token: the monolith's sessions ({@link MonolithSessions}), or, once the service is an OAuth2
 * resource server, the JWT the gateway exchanged the session token for ({@link JwtCallers}). One of the two is live,
 * chosen by {@code catalog.jwt.jwks-uri} ({@link CallersConfig}).
 */
interface Callers {

    /**
     * The caller owning {@code token}.
     *
     * @throws dev.strangler.catalog.errors.ApiException 401 with the monolith's body when the token is unknown,
     *                                                   expired or invalid; 502/503 when it cannot be checked
     */
    Caller resolve(String token);
}
