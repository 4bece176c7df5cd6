package dev.strangler.gateway.client;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One address or CIDR range, IPv4 or IPv6 ({@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code fd00::/8}),
 * as {@code strangler.trusted-proxies} lists them. Matching is Netty's {@link IpSubnetFilterRule}; this
 * type adds the parsing, which takes address literals only: a host name would be looked up in DNS.
 */
public final class AddressRange {

    private final String text;
    private final IpSubnetFilterRule rule;

    private AddressRange(String text, IpSubnetFilterRule rule) {
        this.text = text;
        this.rule = rule;
    }

    /** Parses {@code ADDRESS} or {@code ADDRESS/PREFIX}; throws IllegalArgumentException saying what is accepted. */
    public static AddressRange parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        int slash = s.indexOf('/');
        InetAddress address = literal(slash < 0 ? s : s.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException(
                    quote(spec) + " is not an IP address or CIDR range (e.g. 10.0.0.0/8, 192.0.2.7, fd00::/8)");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException(quote(spec) + ": the prefix length after '/' must be 0 to " + bits);
            }
            prefix = Integer.parseInt(p);
        }
        return new AddressRange(s, new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT));
    }

    /**
     * The address an IP literal stands for, or null when the text is none (never a DNS lookup). An
     * IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.7}) is the IPv4 address, as Java has it.
     */
    static InetAddress literal(String text) {
        byte[] bytes = text == null ? null : NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null; // only for a byte array of a wrong length, which a literal never gives
        }
    }

    public boolean contains(InetAddress address) {
        return rule.matches(new InetSocketAddress(address, 0));
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    @Override
    public String toString() {
        return text;
    }
}
