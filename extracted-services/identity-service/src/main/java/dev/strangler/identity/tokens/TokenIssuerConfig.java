package dev.strangler.identity.tokens;

import dev.strangler.identity.sessions.SessionService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Authorization Server as the issuer of access tokens: its endpoints ({@code /oauth2/token},
 * {@code /oauth2/jwks}, {@code /.well-known/oauth-authorization-server}, introspection, revocation) in one
 * filter chain, with the token endpoint's token exchange done by {@link SessionTokenExchangeProvider}. The
 * clients (the gateway) are declared in {@code spring.security.oauth2.authorizationserver.client.*}. The
 * app's own endpoints get a second chain that leaves them to the controllers, which answer exactly as the
 * monolith does: no Spring Security headers, CSRF, session or login page there.
 */
@Configuration
class TokenIssuerConfig {

    private static final Logger log = LoggerFactory.getLogger(TokenIssuerConfig.class);

    @Bean
    SigningKeys signingKeys(
            Clock clock, SigningKeyProperties properties, OAuth2AuthorizationServerProperties authorizationServer) {
        List<String> tooLong = new ArrayList<>();
        for (Map.Entry<String, OAuth2AuthorizationServerProperties.Client> client :
                authorizationServer.getClient().entrySet()) {
            Duration ttl = client.getValue().getToken().getAccessTokenTimeToLive();
            if (ttl.compareTo(properties.overlap()) > 0) {
                tooLong.add("spring.security.oauth2.authorizationserver.client." + client.getKey()
                        + ".token.access-token-time-to-live is " + ttl);
            }
        }
        if (!tooLong.isEmpty()) {
            throw new IllegalStateException("identity.signing-keys.overlap (" + properties.overlap()
                    + ") must be at least every client's access token lifetime, or a token outlives the key"
                    + " that verifies it: " + String.join("; ", tooLong));
        }
        return new SigningKeys(clock, properties);
    }

    /**
     * The OAuth clients' secrets: Spring's encodings ({@code {bcrypt}}, {@code {noop}}, ...), each verified once
     * ({@link VerifiedClientSecrets}). Spring Authorization Server takes the {@code PasswordEncoder} bean for client
     * secrets; the accounts' passwords have their own encoder ({@code accounts.Passwords}), not a bean.
     */
    @Bean
    PasswordEncoder clientSecrets() {
        return new VerifiedClientSecrets(PasswordEncoderFactories.createDelegatingPasswordEncoder());
    }

    @Bean
    SigningKeyRotation signingKeyRotation(SigningKeys keys) {
        return new SigningKeyRotation(keys);
    }

    @Bean
    AccessTokenClaims accessTokenClaims(SigningKeys keys) {
        return new AccessTokenClaims(keys);
    }

    /** JWT access tokens from the signing keys; Spring Authorization Server uses this bean too. */
    @Bean
    OAuth2TokenGenerator<OAuth2Token> tokenGenerator(SigningKeys keys, AccessTokenClaims claims) {
        JwtGenerator jwt = new JwtGenerator(new NimbusJwtEncoder(keys));
        jwt.setJwtCustomizer(claims);
        return new DelegatingOAuth2TokenGenerator(jwt, new OAuth2AccessTokenGenerator());
    }

    /**
     * Signs one throwaway JWT and looks one unknown session up as the service starts: the first token exchange after a
     * start otherwise spent about 2 s loading and initialising the JOSE and JPA paths (measured in the sandbox tour, on
     * two busy cores), over the gateway's default exchange timeout.
     */
    @Bean
    ApplicationRunner warmTokenExchange(SigningKeys keys, SessionService sessions, Clock clock) {
        return args -> {
            long start = System.nanoTime();
            Instant now = clock.instant();
            new NimbusJwtEncoder(keys)
                    .encode(JwtEncoderParameters.from(
                            JwsHeader.with(SignatureAlgorithm.RS256).build(),
                            JwtClaimsSet.builder()
                                    .subject("warm-up")
                                    .issuedAt(now)
                                    .expiresAt(now.plusSeconds(1))
                                    .build()));
            sessions.resolve(UUID.randomUUID().toString());
            log.info("token exchange path warmed in {} ms", (System.nanoTime() - start) / 1_000_000);
        };
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(
            HttpSecurity http,
            SessionService sessions,
            OAuth2TokenGenerator<OAuth2Token> tokenGenerator,
            MeterRegistry meters)
            throws Exception {
        // Not a bean: an AuthenticationProvider bean would also become the global AuthenticationManager's.
        SessionTokenExchangeProvider exchange = new SessionTokenExchangeProvider(sessions, tokenGenerator, meters);
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.tokenEndpoint(token -> token.authenticationProviders(providers -> {
                // Spring's provider only exchanges tokens it issued itself; ours takes the app's sessions.
                providers.removeIf(p -> p instanceof OAuth2TokenExchangeAuthenticationProvider);
                providers.add(0, exchange);
            }));
        });
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain appChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }
}
