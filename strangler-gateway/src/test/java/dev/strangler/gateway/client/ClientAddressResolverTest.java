package dev.strangler.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ClientAddressResolverTest {

    private static final List<AddressRange> BALANCERS =
            List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("fd00::/8"));
    private final ClientAddressResolver xForwardedFor =
            new ClientAddressResolver(BALANCERS, ForwardedHeader.X_FORWARDED_FOR);
    private final ClientAddressResolver forwarded = new ClientAddressResolver(BALANCERS, ForwardedHeader.FORWARDED);

    private static String caller(ClientAddressResolver resolver, String peer, String header, String... values) {
        MockServerHttpRequest.BaseBuilder<?> request =
                MockServerHttpRequest.get("/api/products").remoteAddress(new InetSocketAddress(peer, 50_000));
        if (header != null) {
            request.header(header, values);
        }
        InetSocketAddress resolved = resolver.resolve(request.build());
        return resolved.getAddress().getHostAddress();
    }

    @Test
    void behindATrustedProxyTheCallerIsTheRightMostForwardedAddressThatIsNoTrustedProxy() {
        assertThat(caller(xForwardedFor, "10.0.0.5", "X-Forwarded-For", "203.0.113.7"))
                .isEqualTo("203.0.113.7");
        assertThat(caller(xForwardedFor, "10.0.0.5", "X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.0.0.9"))
                .as("a second trusted hop is skipped; what the caller wrote before its own address is not believed")
                .isEqualTo("203.0.113.7");
        assertThat(caller(xForwardedFor, "10.0.0.5", "X-Forwarded-For", "198.51.100.1", "203.0.113.7"))
                .as("several header lines are one list, in order")
                .isEqualTo("203.0.113.7");
        assertThat(caller(xForwardedFor, "10.0.0.5", "X-Forwarded-For", "10.0.0.8, 10.0.0.9"))
                .as("every hop trusted: the farthest")
                .isEqualTo("10.0.0.8");
        assertThat(caller(xForwardedFor, "10.0.0.5", "X-Forwarded-For", "203.0.113.7:4711, "))
                .as("a port; an empty element")
                .isEqualTo("203.0.113.7");
        assertThat(caller(xForwardedFor, "10.0.0.5", "X-Forwarded-For", "2001:db8::17"))
                .isEqualTo("2001:db8:0:0:0:0:0:17");
    }

    @Test
    void anUntrustedPeerIsTheCallerWhateverItsForwardedHeaderSays() {
        assertThat(caller(xForwardedFor, "192.0.2.1", "X-Forwarded-For", "203.0.113.7"))
                .isEqualTo("192.0.2.1");
        assertThat(caller(
                        new ClientAddressResolver(List.of(), ForwardedHeader.X_FORWARDED_FOR),
                        "10.0.0.5",
                        "X-Forwarded-For",
                        "203.0.113.7"))
                .as("no trusted proxy configured (the default)")
                .isEqualTo("10.0.0.5");
    }

    @Test
    void aForwardedHeaderThatCannotBeFollowedFallsBackToThePeer() {
        for (String malformed : new String[] {
            "not-an-address",
            "unknown",
            "203.0.113.7, evil.example.com",
            "203.0.113.7, 999.1.1.1",
            "203.0.113.7, 10.0.0.1:port",
            "[2001:db8::17",
            "\"",
            ",,,"
        }) {
            assertThat(caller(xForwardedFor, "10.0.0.5", "X-Forwarded-For", malformed))
                    .as(malformed)
                    .isEqualTo("10.0.0.5");
        }
        assertThat(caller(xForwardedFor, "10.0.0.5", null)).as("no header").isEqualTo("10.0.0.5");
        assertThat(caller(xForwardedFor, "10.0.0.5", "X-Forwarded-For", "evil.example.com, 203.0.113.7"))
                .as("garbage left of the caller is the caller's own business")
                .isEqualTo("203.0.113.7");
    }

    @Test
    void rfc7239ForwardedIsReadWhenItIsTheConfiguredHeader() {
        assertThat(caller(
                        forwarded,
                        "10.0.0.5",
                        "Forwarded",
                        "for=198.51.100.1, for=\"[2001:db8:cafe::17]:4711\";proto=https"))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(caller(forwarded, "fd00::1", "Forwarded", "For=\"203.0.113.7:80\";by=10.0.0.5, for=10.0.0.9"))
                .isEqualTo("203.0.113.7");
        assertThat(caller(forwarded, "10.0.0.5", "Forwarded", "for=_hidden"))
                .as("obfuscated")
                .isEqualTo("10.0.0.5");
        assertThat(caller(forwarded, "10.0.0.5", "Forwarded", "proto=https"))
                .as("no for")
                .isEqualTo("10.0.0.5");
        assertThat(caller(forwarded, "10.0.0.5", "X-Forwarded-For", "203.0.113.7"))
                .as("the header the balancer does not write is the caller's own")
                .isEqualTo("10.0.0.5");
    }

    @Test
    void trustedProxiesAreAddressesOrCidrRangesAndNothingElse() {
        assertThat(AddressRange.parse("192.0.2.7").contains(new InetSocketAddress("192.0.2.7", 0).getAddress()))
                .isTrue();
        assertThat(AddressRange.parse("192.0.2.0/24").contains(new InetSocketAddress("192.0.3.1", 0).getAddress()))
                .isFalse();
        assertThat(AddressRange.parse("::1").contains(new InetSocketAddress("0:0:0:0:0:0:0:1", 0).getAddress()))
                .isTrue();
        assertThatThrownBy(() -> AddressRange.parse("lb.internal"))
                .hasMessage("'lb.internal' is not an IP address or CIDR range (e.g. 10.0.0.0/8, 192.0.2.7, fd00::/8)");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33"))
                .hasMessage("'10.0.0.0/33': the prefix length after '/' must be 0 to 32");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0/8"))
                .hasMessageContaining("is not an IP address or CIDR range");
    }
}
