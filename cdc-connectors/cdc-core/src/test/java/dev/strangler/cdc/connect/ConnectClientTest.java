package dev.strangler.cdc.connect;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ConnectClientTest {

    @Test
    void aConnectWorkerThatRefusesConnectionsIsNamedWithWhatHappenedNotNull() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ConnectClient connect = new ConnectClient(URI.create("http://127.0.0.1:" + port));

        assertThatThrownBy(() -> connect.status("strangler-catalog-source"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Kafka Connect at http://127.0.0.1:" + port + " cannot be reached: connection refused");
    }
}
