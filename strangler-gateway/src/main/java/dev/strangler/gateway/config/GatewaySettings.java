package dev.strangler.gateway.config;

import dev.strangler.gateway.client.ForwardedHeader;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway itself runs (flags {@code --strangler.*} or environment {@code STRANGLER_*}). The
 * route table lives in its own file, {@link #routes()}, which is watched and reloaded.
 *
 * @param monolith       the monolith's URL when the route file names none (day one: no route file at all)
 * @param routes         the route file; when absent the gateway passes everything to {@code monolith}
 * @param reloadInterval how often the route file is checked for changes
 * @param stateDir       where the audit log, the admin overrides, the cutover records and the migration progress
 *                       are kept across restarts
 * @param preserveHost   send the client's Host header upstream (the monolith keeps building its own URLs)
 * @param trustedProxies the load balancers and proxies in front of the gateway, as addresses or CIDR ranges: only
 *                       their forwarded header names the caller (for {@code client-ip}); empty (the default)
 *                       trusts nobody, and the socket address is the caller
 * @param forwardedHeader the header the trusted proxies name the caller in: {@code x-forwarded-for} (default) or
 *                       {@code forwarded} (RFC 7239); only that one is read
 * @param maxRequestSize the largest request body the gateway takes (default 10MB); a larger one is answered 413,
 *                       whether it declares its length or streams in chunks
 * @param identity       identity propagation: the token endpoint that exchanges the app's session token for a JWT,
 *                       for the services the route file declares {@code credential: jwt}
 */
@ConfigurationProperties("strangler")
@Validated
public record GatewaySettings(
        URI monolith,
        Path routes,
        @NotNull @DefaultValue("250ms") Duration reloadInterval,
        @NotNull @DefaultValue("strangler-state") Path stateDir,
        @DefaultValue("true") boolean preserveHost,
        @Valid @NotNull @DefaultValue Admin admin,
        @Valid @NotNull @DefaultValue Shadow shadow,
        @Valid @NotNull @DefaultValue Breaker breaker,
        @Valid @NotNull @DefaultValue SharedState sharedState,
        @Valid @NotNull @DefaultValue Identity identity,
        @NotNull @DefaultValue List<@NotNull @ProxyAddress String> trustedProxies,
        @NotNull @DefaultValue("x-forwarded-for") ForwardedHeader forwardedHeader,
        @NotNull @DefaultValue("10MB") DataSize maxRequestSize) {

    @AssertTrue(message = "strangler.max-request-size must be at least 1 byte")
    private boolean isMaxRequestSizePositive() {
        return maxRequestSize == null || maxRequestSize.toBytes() > 0;
    }

    /**
     * The state several replicas share (modes, overrides, kill switch, holds, cutover records, who is
     * alive), in a PostgreSQL database the stack already has. Without a URL the gateway runs alone on
     * its state directory.
     *
     * @param url       JDBC URL of the database that keeps the shared state (env STRANGLER_SHARED_STATE_URL)
     * @param replicaId this replica's name among the others (default: host name and server port)
     * @param lease     how long this replica counts as alive after each renewal (renewed every third of it);
     *                  a replica that cannot renew it fails closed on writes of strangled routes
     * @param holdReopenAfter how long a replica keeps its gate closed for a hold that is not granted yet
     *                  (another replica still waits for a quiet moment of its own) before it opens it again
     *                  until its next quiet moment; 0 keeps it closed until the grant
     */
    public record SharedState(
            String url,
            @DefaultValue("postgres") String user,
            @DefaultValue("") String password,
            String replicaId,
            @DefaultValue("3s") @NotNull Duration lease,
            @DefaultValue("100ms") @NotNull Duration holdReopenAfter) {

        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * Identity propagation (RFC 8693 token exchange at the identity service), for the services the route file
     * declares {@code credential: jwt}. Without {@code token-uri} it is off, and such a service gets no request
     * (503): the session token is never sent in place of the JWT.
     *
     * @param tokenUri     the identity service's token endpoint ({@code http://identity:9003/oauth2/token})
     * @param clientId     the gateway's client id there (default {@code strangler-gateway})
     * @param clientSecret its secret (required with {@code token-uri}; environment
     *                     {@code STRANGLER_IDENTITY_CLIENT_SECRET} or any Spring config source, never a default)
     * @param cacheTtl     how long an exchanged JWT is reused for the same session token (default 60s): the bound on
     *                     how long a logout or an expired session still reaches a service. An entry also never
     *                     outlives half of the JWT's own {@code expires_in}, so a JWT is replaced well before it expires
     * @param cacheMaxSize the most session tokens cached at once (default 10000; least recently used go first)
     * @param timeout      the longest the exchange may take (default 2s); then the app gets 503 with Retry-After
     * @param recheckAfter a token the identity service refuses, and did not refuse within {@code cache-ttl} before,
     *                     is asked about once more after this (default 1s; 0: never): until the identity write
     *                     cutover the service's sessions are a copy the identity stream feeds, and a session the
     *                     monolith made a moment ago may not be there yet. Cover the stream's lag p99
     */
    public record Identity(
            URI tokenUri,
            @DefaultValue("strangler-gateway") @NotBlank String clientId,
            String clientSecret,
            @DefaultValue("60s") @NotNull Duration cacheTtl,
            @DefaultValue("10000") @Min(1) @Max(10_000_000) int cacheMaxSize,
            @DefaultValue("2s") @NotNull Duration timeout,
            @DefaultValue("1s") @NotNull Duration recheckAfter) {

        public boolean configured() {
            return tokenUri != null;
        }

        @AssertTrue(
                message = "strangler.identity.client-secret is required with strangler.identity.token-uri "
                        + "(environment STRANGLER_IDENTITY_CLIENT_SECRET)")
        private boolean isSecretGivenWithTokenUri() {
            return tokenUri == null || (clientSecret != null && !clientSecret.isBlank());
        }

        @AssertTrue(message = "strangler.identity.token-uri must be an absolute http or https URL")
        private boolean isTokenUriHttp() {
            return tokenUri == null
                    || ("http".equals(tokenUri.getScheme()) || "https".equals(tokenUri.getScheme()))
                            && tokenUri.getHost() != null;
        }

        @AssertTrue(message = "strangler.identity.cache-ttl and strangler.identity.timeout must be positive")
        private boolean isDurationsPositive() {
            return (cacheTtl == null || !cacheTtl.isNegative() && !cacheTtl.isZero())
                    && (timeout == null || !timeout.isNegative() && !timeout.isZero());
        }

        @AssertTrue(message = "strangler.identity.recheck-after must be 0 (never) or positive, and under 30s")
        private boolean isRecheckAfterSane() {
            return recheckAfter == null
                    || !recheckAfter.isNegative() && recheckAfter.compareTo(Duration.ofSeconds(30)) < 0;
        }

        /** The secret stays out of logs and of the actuator's view of this record. */
        @Override
        public String toString() {
            return "Identity[tokenUri=" + tokenUri + ", clientId=" + clientId + ", clientSecret="
                    + (clientSecret == null ? "null" : "***") + ", cacheTtl=" + cacheTtl + ", cacheMaxSize="
                    + cacheMaxSize + ", timeout=" + timeout + ", recheckAfter=" + recheckAfter + "]";
        }
    }

    /**
     * The admin API: its own port, bearer-token authenticated.
     *
     * @param token     the token that may read and change routes (required; see {@link AdminToken} for the rule)
     * @param readToken an optional token that may only read (the same rule)
     */
    public record Admin(
            @DefaultValue("127.0.0.1") @NotBlank String bindAddress,
            @DefaultValue("9081") @Min(0) @Max(65535) int port,

            @NotBlank(message = "set strangler.admin.token (or STRANGLER_ADMIN_TOKEN): the admin API needs a token")
            @AdminToken
            String token,

            @AdminToken String readToken) {}

    /**
     * The circuit breaker each service gets (count-based window): while open, safe requests of its
     * routes go straight to the monolith.
     */
    public record Breaker(
            @DefaultValue("20") @Min(1) int window,
            @DefaultValue("10") @Min(1) int minimumCalls,
            @DefaultValue("50") @Min(1) @Max(100) float failureRatePercent,
            @DefaultValue("10s") @NotNull Duration openFor,
            @DefaultValue("3") @Min(1) int halfOpenCalls) {}

    /**
     * Shadow traffic limits. A shadow copy in flight holds up to {@value #BODIES_PER_SHADOW} bodies of
     * {@code maxBodyBytes}: the request's (a mirrored write), the monolith's answer, the service's answer
     * and, when the route learns noise, the monolith's second answer. So how many may be in flight at once
     * is bounded by the heap, not by a fixed number: {@link #sizedFor} sizes it, or refuses a configured
     * value that could take more than {@value #HEAP_SHARE_PERCENT} % of the heap.
     *
     * @param maxConcurrent  shadow requests in flight at once; more are dropped and counted. Absent (the
     *                       default): as many as fit in the heap's share, at most {@value #SIZED_AT_MOST}
     * @param maxBodyBytes   larger bodies are not compared (counted as skipped)
     * @param keepMismatches how many recent mismatches each route keeps for inspection
     */
    public record Shadow(
            @Min(1) Integer maxConcurrent,
            @DefaultValue("1048576") @Min(1024) int maxBodyBytes,
            @DefaultValue("20") @Min(1) @Max(1000) int keepMismatches,
            @DefaultValue("5s") Duration timeout) {

        /** The most bodies of {@code maxBodyBytes} one shadow copy holds at once. */
        public static final int BODIES_PER_SHADOW = 4;
        /** The share of the heap all shadow copies together may take; the rest is for the gateway's own work. */
        public static final int HEAP_SHARE_PERCENT = 50;
        /** The most copies sized from the heap alone: past that a bigger heap only lets more pile up behind a slow service. */
        public static final int SIZED_AT_MOST = 256;

        /**
         * These limits with {@code maxConcurrent} settled for a heap of {@code maxHeapBytes}
         * ({@code Runtime.maxMemory()}): as configured when that fits in the heap's share, as many as fit
         * (at most {@value #SIZED_AT_MOST}) when not configured.
         *
         * @throws IllegalStateException when the configured number, or a single copy, does not fit: the
         *                               message says what to change
         */
        public Shadow sizedFor(long maxHeapBytes) {
            long share = (long) (maxHeapBytes * (HEAP_SHARE_PERCENT / 100.0));
            long perShadow = (long) BODIES_PER_SHADOW * maxBodyBytes;
            long fit = share / perShadow;
            String why = "each shadow copy holds up to " + BODIES_PER_SHADOW
                    + " bodies of strangler.shadow.max-body-bytes=" + maxBodyBytes
                    + " (the request, the monolith's answer, the service's answer, a second monolith answer when learning noise), "
                    + "and shadow copies may take at most " + HEAP_SHARE_PERCENT + " % of the heap (" + mib(share)
                    + " of a maximum heap of "
                    + mib(maxHeapBytes) + ")";
            if (maxConcurrent == null) {
                if (fit < 1) {
                    throw new IllegalStateException("strangler.shadow.max-body-bytes=" + maxBodyBytes
                            + " does not fit in this gateway's heap: " + why + ". Lower max-body-bytes to at most "
                            + share / BODIES_PER_SHADOW + ", or give the JVM more heap (-Xmx)");
                }
                return new Shadow((int) Math.min(fit, SIZED_AT_MOST), maxBodyBytes, keepMismatches, timeout);
            }
            if (maxConcurrent > fit) {
                long bodyThatFits = share / ((long) BODIES_PER_SHADOW * maxConcurrent);
                throw new IllegalStateException(
                        "strangler.shadow.max-concurrent=" + maxConcurrent + " does not fit in this gateway's heap: "
                                + why + ", " + mib(perShadow * maxConcurrent) + " for " + maxConcurrent
                                + " copies. Set max-concurrent to at most " + fit
                                + (bodyThatFits >= 1024 ? ", lower max-body-bytes to at most " + bodyThatFits : "")
                                + ", give the JVM more heap (-Xmx), or leave max-concurrent out to size it from the heap");
            }
            return this;
        }

        private static String mib(long bytes) {
            return bytes / (1024 * 1024) + " MiB";
        }
    }
}
