package dev.strangler.catalog.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one switch between the two ways of knowing a caller: with {@code catalog.jwt.jwks-uri} the service is an
 * OAuth2 resource server and takes only JWTs of the identity service (the gateway exchanges the app's session token,
 * see the gateway's {@code credential: jwt}); without it, it asks the monolith's {@code /api/users/me}, as before.
 */
@Configuration(proxyBeanMethods = false)
class CallersConfig {

    private static final Logger log = LoggerFactory.getLogger(CallersConfig.class);

    @Bean
    Callers callers(JwtProperties jwt, ObjectProvider<MonolithProperties> monolith) {
        if (jwt.configured()) {
            log.info("callers: JWTs verified against {}", jwt.jwksUri());
            return new JwtCallers(jwt);
        }
        log.info(
                "callers: session tokens resolved by the monolith ({}/api/users/me)",
                monolith.getObject().baseUrl());
        return new MonolithSessions(monolith.getObject());
    }
}
