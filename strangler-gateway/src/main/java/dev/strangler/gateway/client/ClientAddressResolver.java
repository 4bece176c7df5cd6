package dev.strangler.gateway.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The address of the caller a request comes from, which {@code client-ip} buckets a canary by. Behind a
 * load balancer every connection comes from the balancer, so a canary by the socket address sends all
 * callers or none: when the direct peer is a trusted proxy ({@code strangler.trusted-proxies}), the
 * caller is the right-most address in the forwarded header that is not itself a trusted proxy (or, when
 * every hop is one, the left-most). Everything left of it was written by the caller and is not believed.
 * A peer that is not trusted is the caller, whatever it claims; so is the peer when the chain cannot be
 * followed (a hop that is no IP address, {@code unknown}, an obfuscated name, an element without
 * {@code for}). With no trusted proxy (the default) the socket address is the caller.
 *
 * <p>A {@link RemoteAddressResolver}, so Spring Cloud Gateway's own address-based features (the
 * {@code RemoteAddr} predicate, rate-limiter key resolvers) can use the same rule. Its
 * {@link XForwardedRemoteAddressResolver} does not fit: it believes {@code X-Forwarded-For} from any
 * peer, not only from a trusted proxy, so a caller that reaches the gateway directly chooses its own
 * address; it counts trusted hops instead of checking them against addresses, which is wrong as soon as
 * the number of proxies varies (a CDN in front of the balancer for some callers); it reads no
 * {@code Forwarded}; and it turns the chosen value into an address by name, which makes the gateway
 * look up in DNS whatever a caller wrote there.
 */
public final class ClientAddressResolver implements RemoteAddressResolver {

    private final List<AddressRange> trustedProxies;
    private final ForwardedHeader header;

    public ClientAddressResolver(List<AddressRange> trustedProxies, ForwardedHeader header) {
        this.trustedProxies = List.copyOf(trustedProxies);
        this.header = header;
    }

    @Override
    public InetSocketAddress resolve(ServerWebExchange exchange) {
        return resolve(exchange.getRequest());
    }

    /** The caller's address (port 0 when it comes from a forwarded header), or null when the request has no peer address. */
    public InetSocketAddress resolve(ServerHttpRequest request) {
        InetSocketAddress peer = request.getRemoteAddress();
        if (peer == null || peer.getAddress() == null || trustedProxies.isEmpty() || !trusted(peer.getAddress())) {
            return peer;
        }
        List<String> nodes = header.nodes(request.getHeaders());
        InetAddress caller = null;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            InetAddress hop = ForwardedHeader.address(nodes.get(i));
            if (hop == null) {
                return peer;
            }
            caller = hop;
            if (!trusted(hop)) {
                break;
            }
        }
        return caller == null ? peer : new InetSocketAddress(caller, 0);
    }

    private boolean trusted(InetAddress address) {
        InetAddress normalised = withoutIpv4Mapping(address);
        for (AddressRange range : trustedProxies) {
            if (range.contains(normalised)) {
                return true;
            }
        }
        return false;
    }

    /** A dual-stack socket may report an IPv4 caller as {@code ::ffff:a.b.c.d}; ranges name it as IPv4. */
    private static InetAddress withoutIpv4Mapping(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            return address; // cannot happen for the bytes of an address
        }
    }
}
