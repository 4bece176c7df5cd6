package dev.strangler.playbook.sandbox;

import dev.strangler.infra.process.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** Checks, before anything starts, that every port of the sandbox is free, and names the setting to change when one is not. */
final class PortCheck {

    private final IntPredicate inUse;

    PortCheck(IntPredicate inUse) {
        this.inUse = inUse;
    }

    /** A port is in use when something answers on it or it cannot be bound on the loopback interface. */
    static PortCheck onThisMachine() {
        return new PortCheck(port -> FreePorts.isListening(port) || !canBind(port));
    }

    void requireFree(SandboxSettings settings) {
        List<String> problems = new ArrayList<>();
        for (SandboxSettings.PortUse use : settings.portUses()) {
            if (inUse.test(use.port())) {
                problems.add("port " + use.port() + " (" + use.label() + ") is already in use; choose another with "
                        + use.option() + " <port> or " + use.environmentVariable() + "=<port>");
            }
        }
        if (!problems.isEmpty()) {
            throw new SandboxException(String.join(System.lineSeparator(), problems) + System.lineSeparator()
                    + "(nothing was started; `ss -ltnp` shows which process holds a port)");
        }
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
