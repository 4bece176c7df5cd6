package dev.strangler.catalog.auth;

import dev.strangler.catalog.errors.ApiException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves a {@link Caller} parameter from {@code Authorization: Bearer <token>}, or answers 401 as the monolith does. */
@Component
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    private final Callers sessions;

    CallerArgumentResolver(Callers sessions) {
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
        String token = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            throw ApiException.unauthenticated("Send the session token as 'Authorization: Bearer <token>'");
        }
        return sessions.resolve(token);
    }

    /** The monolith's parsing, so that a header it rejects is rejected here without asking it. */
    static String bearerToken(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
