package dev.strangler.infra.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Ports on the loopback interface: finding a free one, and telling whether something listens on one. */
public final class FreePorts {

    private FreePorts() {}

    /** Ports handed out in this JVM: a port is free until its user binds it, and the kernel may offer it again meanwhile. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port nothing listens on right now, chosen by the kernel, never one this JVM handed out before,
     * nor next to one (some parts take "port + 1" as well: a Kafka controller, a management port).
     */
    public static int pick() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("could not find a free port on 127.0.0.1", e);
            }
            if (port < 65535
                    && !HANDED_OUT.contains(port - 1)
                    && !HANDED_OUT.contains(port + 1)
                    && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 that this JVM has not handed out already");
    }

    /** True when a TCP connection to 127.0.0.1:port is accepted. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
