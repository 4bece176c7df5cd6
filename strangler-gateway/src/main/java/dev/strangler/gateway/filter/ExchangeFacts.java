package dev.strangler.gateway.filter;

import dev.strangler.gateway.client.ClientAddressResolver;
import dev.strangler.gateway.routing.RequestFacts;
import java.net.InetSocketAddress;
import org.springframework.http.HttpCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** {@link RequestFacts} read from a WebFlux request; the client address is the caller's (see {@link ClientAddressResolver}). */
final class ExchangeFacts implements RequestFacts {

    private final ServerHttpRequest request;
    private final ClientAddressResolver clientAddress;
    private String clientIp;
    private boolean clientIpResolved;

    ExchangeFacts(ServerHttpRequest request, ClientAddressResolver clientAddress) {
        this.request = request;
        this.clientAddress = clientAddress;
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
        if (!clientIpResolved) {
            InetSocketAddress caller = clientAddress.resolve(request);
            clientIp = caller == null || caller.getAddress() == null
                    ? null
                    : caller.getAddress().getHostAddress();
            clientIpResolved = true;
        }
        return clientIp;
    }
}
