package dev.strangler.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.infra.process.FreePorts;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class KafkaLaunchersTest {

    @Test
    void brokerAndConnectWorkerRunWithDebeziumsConnectorsOnThePluginPath() throws Exception {
        KafkaBroker broker = SharedKafka.broker();
        ConnectWorker connect = SharedKafka.connect();

        assertThat(FreePorts.isListening(broker.port())).isTrue();
        HttpResponse<String> plugins = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(connect.restUrl().resolve("/connector-plugins"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(plugins.statusCode()).isEqualTo(200);
        assertThat(plugins.body())
                .contains("io.debezium.connector.postgresql.PostgresConnector")
                .contains("io.debezium.connector.jdbc.JdbcSinkConnector");
    }
}
