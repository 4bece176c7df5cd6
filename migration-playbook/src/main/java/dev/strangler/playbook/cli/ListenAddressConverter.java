package dev.strangler.playbook.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/** {@code HOST:PORT} to listen on, such as {@code 127.0.0.1:9464}, {@code 0.0.0.0:9464} or {@code [::1]:9464}; port 0 picks a free one. */
public final class ListenAddressConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not HOST:PORT, such as 127.0.0.1:9464 (this machine only) or 0.0.0.0:9464");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "': the port must be a number from 0 (any free one) to 65535");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new CommandLine.TypeConversionException("'" + value + "': host " + host + " is unknown");
        }
        return address;
    }
}
