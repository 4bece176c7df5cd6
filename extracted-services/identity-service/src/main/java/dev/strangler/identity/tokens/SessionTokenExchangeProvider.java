package dev.strangler.identity.tokens;

import dev.strangler.identity.sessions.Caller;
import dev.strangler.identity.sessions.SessionService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * OAuth 2.0 Token Exchange (RFC 8693) of the app's opaque session token for a short-lived signed access
 * token whose subject is the user. It takes the place of Spring Authorization Server's own {@code
 * OAuth2TokenExchangeAuthenticationProvider}, which finds the subject token among the authorizations it
 * issued ({@code OAuth2AuthorizationService.findByToken}) and so cannot accept a session token made at
 * login, outside any OAuth flow. Spring's request converter, client authentication, token generator
 * (JWT, the signing keys, {@link AccessTokenClaims}) and response stay as they are.
 *
 * <p>The request: {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange}, {@code
 * subject_token=<session token>}, {@code subject_token_type=urn:ietf:params:oauth:token-type:access_token}
 * (the session token is this issuer's access token for the app; Spring's converter accepts only that type
 * and {@code jwt}), by a client registered for the grant. Any subject token that is not a live session
 * (unknown, expired, logged out, or a JWT, including one this server issued) is {@code invalid_grant},
 * the same answer for all. No authorization is stored: the token is self-contained and short-lived, and
 * logging out deletes the session it came from, which ends the exchanges.
 */
class SessionTokenExchangeProvider implements AuthenticationProvider {

    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    /** Exchanges by {@link ExchangeResult}, with their latency. */
    static final String METRIC = "identity.token.exchanges";

    private final SessionService sessions;
    private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;
    private final MeterRegistry meters;

    SessionTokenExchangeProvider(
            SessionService sessions, OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator, MeterRegistry meters) {
        this.sessions = sessions;
        this.tokenGenerator = tokenGenerator;
        this.meters = meters;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2TokenExchangeAuthenticationToken.class.isAssignableFrom(authentication);
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        OAuth2TokenExchangeAuthenticationToken request = (OAuth2TokenExchangeAuthenticationToken) authentication;
        Timer.Sample started = Timer.start(meters);
        ExchangeResult result = ExchangeResult.REFUSED_REQUEST;
        try {
            OAuth2ClientAuthenticationToken client = permittedClient(request);
            Optional<Caller> caller = sessions.resolve(request.getSubjectToken());
            if (caller.isEmpty()) {
                result = ExchangeResult.REFUSED_SESSION;
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
            }
            Authentication issued = issue(request, client, caller.get());
            result = ExchangeResult.ISSUED;
            return issued;
        } finally {
            started.stop(Timer.builder(METRIC)
                    .description("OAuth 2.0 token exchanges of session tokens, by result")
                    .tag("result", result.tag())
                    .register(meters));
        }
    }

    /** The authenticated client, when it may exchange and asks for what we do. */
    private static OAuth2ClientAuthenticationToken permittedClient(OAuth2TokenExchangeAuthenticationToken request) {
        OAuth2ClientAuthenticationToken client = authenticatedClient(request);
        if (!client.getRegisteredClient()
                .getAuthorizationGrantTypes()
                .contains(AuthorizationGrantType.TOKEN_EXCHANGE)) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
        }
        if (!ACCESS_TOKEN_TYPE.equals(request.getSubjectTokenType())
                || !ACCESS_TOKEN_TYPE.equals(request.getRequestedTokenType())) {
            throw new OAuth2AuthenticationException(new OAuth2Error(
                    OAuth2ErrorCodes.INVALID_REQUEST,
                    "subject_token_type and requested_token_type must be " + ACCESS_TOKEN_TYPE,
                    null));
        }
        if (request.getActorToken() != null) {
            throw new OAuth2AuthenticationException(new OAuth2Error(
                    OAuth2ErrorCodes.INVALID_REQUEST, "actor_token (delegation) is not supported", null));
        }
        return client;
    }

    private Authentication issue(
            OAuth2TokenExchangeAuthenticationToken request, OAuth2ClientAuthenticationToken client, Caller caller) {
        RegisteredClient registeredClient = client.getRegisteredClient();
        Authentication principal = new PreAuthenticatedAuthenticationToken(
                new SessionSubject(caller),
                null,
                List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name())));
        OAuth2Token token = tokenGenerator.generate(DefaultOAuth2TokenContext.builder()
                .registeredClient(registeredClient)
                .principal(principal)
                .authorizationServerContext(AuthorizationServerContextHolder.getContext())
                .authorizedScopes(Set.of())
                .tokenType(OAuth2TokenType.ACCESS_TOKEN)
                .authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
                .authorizationGrant(request)
                .build());
        if (token == null) {
            throw new OAuth2AuthenticationException(new OAuth2Error(
                    OAuth2ErrorCodes.SERVER_ERROR,
                    "The token generator made no access token: is the client's access-token-format self-contained?",
                    null));
        }
        OAuth2AccessToken accessToken = new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER,
                token.getTokenValue(),
                token.getIssuedAt(),
                token.getExpiresAt(),
                Set.of());
        return new OAuth2AccessTokenAuthenticationToken(
                registeredClient,
                client,
                accessToken,
                null,
                Map.of(OAuth2ParameterNames.ISSUED_TOKEN_TYPE, ACCESS_TOKEN_TYPE));
    }

    private static OAuth2ClientAuthenticationToken authenticatedClient(Authentication request) {
        if (request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()) {
            return client;
        }
        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
    }
}
