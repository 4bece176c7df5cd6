package dev.strangler.gateway.filter;

import java.net.InetSocketAddress;

import org.springframework.http.HttpCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

import dev.strangler.gateway.routing.RequestFacts;

/** {@link RequestFacts} read from a WebFlux request. */
final class ExchangeFacts implements RequestFacts {

    private final ServerHttpRequest request;

    ExchangeFacts(ServerHttpRequest request) {
        this.request = request;
    }

    @Override
    public String header(String name) {
        return request.getHeaders().getFirst(name);
    }

    @Override
    public String cookie(String name) {
        HttpCookie cookie = request.getCookies().getFirst(name);
        return cookie == null ? null : cookie.getValue();
    }

    @Override
    public String query(String name) {
        return request.getQueryParams().getFirst(name);
    }

    @Override
    public String clientIp() {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }
}
