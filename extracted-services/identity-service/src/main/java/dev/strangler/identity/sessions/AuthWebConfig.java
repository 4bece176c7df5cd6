package dev.strangler.identity.sessions;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets controllers declare a {@link Caller} parameter to require a live session. */
@Configuration
class AuthWebConfig implements WebMvcConfigurer {

    private final CallerArgumentResolver callerResolver;

    AuthWebConfig(CallerArgumentResolver callerResolver) {
        this.callerResolver = callerResolver;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(callerResolver);
    }
}
