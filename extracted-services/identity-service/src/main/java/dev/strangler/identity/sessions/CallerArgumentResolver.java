package dev.strangler.identity.sessions;

import dev.strangler.identity.errors.ApiException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves a {@link Caller} parameter from {@code Authorization: Bearer <session token>}, or answers 401. */
@Component
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final SessionService sessions;

    CallerArgumentResolver(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mav,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        String token = BearerToken.of(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            throw ApiException.unauthenticated("Send the session token as 'Authorization: Bearer <token>'");
        }
        return sessions.resolve(token)
                .orElseThrow(() -> ApiException.unauthenticated("The session token is unknown, expired or logged out"));
    }
}
