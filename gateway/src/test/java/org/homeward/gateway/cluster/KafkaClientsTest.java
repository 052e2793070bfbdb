package org.homeward.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientsTest {

    private static ClusterSettings with(ClusterSettings.Security sec) {
        ClusterSettings t = ClusterSettings.forTest("node-a", "k1:9093,k2:9093", 12);
        return new ClusterSettings(true, t.nodeId(), t.bootstrapServers(), 12, 3, 2, t.groupId(), t.topics(),
                t.readingsRetention(), Duration.ofSeconds(8), t.commandTimeout(), sec, t.checkpoints());
    }

    @Test
    void theProducerIsDurableAndTimesOutAtTheAckTimeout() {
        Properties p = new KafkaClients(with(ClusterSettings.Security.plaintext())).producer("ingest");
        assertThat(p).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("bootstrap.servers", "k1:9093,k2:9093").containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("client.id", "homeward-node-a-ingest").containsEntry("delivery.timeout.ms", "8001");
        assertThat(p).doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void saslScramOverTlsReadsThePasswordFromItsFileAndUsesPemFiles(@TempDir Path dir) throws IOException {
        Path pw = Files.writeString(dir.resolve("pw"), "pa\"ss\n");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Properties p = new KafkaClients(with(new ClusterSettings.Security("SASL_SSL", "SCRAM-SHA-256", "homeward",
                pw, ca, null, true))).consumer("view", "g1");
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.truststore.location", ca.toString())
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsEntry("enable.auto.commit", "false").containsEntry("group.id", "g1");
        assertThat(p.getProperty("sasl.jaas.config")).contains("ScramLoginModule required")
                .contains("username=\"homeward\"").contains("password=\"pa\\\"ss\"");
        assertThat(p.getProperty("partition.assignment.strategy")).contains("CooperativeStickyAssignor");
    }
}
