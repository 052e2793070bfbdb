package org.homeward.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cross-setting rules of cluster mode ({@link ClusterChecks}), each failing with a message that names the fix. */
class ClusterConfigTest {

    private static Map<String, String> on(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("cluster.enabled", "true", "cluster.node-id", "node-a",
                "cluster.kafka.bootstrap-servers", "127.0.0.1:9092"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void offByDefaultAndNoClusterRuleApplies() {
        GatewayConfig cfg = GatewayConfig.defaults();
        assertThat(cfg.bool(GatewaySettings.CLUSTER_ENABLED)).isFalse();
        assertThat(cfg.integer(GatewaySettings.CLUSTER_PARTITIONS)).isEqualTo(12);
        assertThat(cfg.integer(GatewaySettings.CLUSTER_REPLICATION)).isEqualTo(3);
        assertThat(cfg.integer(GatewaySettings.CLUSTER_MIN_ISR)).isEqualTo(2);
    }

    @Test
    void aValidClusterNodeLoads() {
        GatewayConfig cfg = ConfigLoader.load(null, on(), Map.of());
        assertThat(cfg.string(GatewaySettings.CLUSTER_NODE_ID)).isEqualTo("node-a");
    }

    @Test
    void enabledNeedsANodeIdAndBrokers() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("cluster.enabled", "true"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.node-id must be set")
                .hasMessageContaining("cluster.kafka.bootstrap-servers must list");
    }

    @Test
    void badNamesAndReplicaCountsAreRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(null, on("cluster.node-id", "a b", "cluster.topics.patients",
                "homeward.readings", "cluster.topics.commands", "bad/topic", "cluster.min-insync-replicas", "3",
                "cluster.replication-factor", "2"), Map.of()))
                .hasMessageContaining("cluster.node-id = 'a b'")
                .hasMessageContaining("another cluster topic has the same name")
                .hasMessageContaining("'bad/topic': not a Kafka topic name")
                .hasMessageContaining("cluster.min-insync-replicas = 3 is above cluster.replication-factor = 2");
    }

    @Test
    void saslNeedsAUserAndAReadablePasswordFile(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(null, on("cluster.kafka.security-protocol", "SASL_SSL"), Map.of()))
                .hasMessageContaining("cluster.kafka.sasl.username must be set")
                .hasMessageContaining("cluster.kafka.sasl.password-file must name a file");
        assertThatThrownBy(() -> ConfigLoader.load(null, on("cluster.kafka.security-protocol", "SASL_SSL",
                "cluster.kafka.sasl.username", "homeward", "cluster.kafka.sasl.password-file",
                dir.resolve("missing").toString()), Map.of()))
                .hasMessageContaining("cluster.kafka.sasl.password-file: no such file");
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret\n");
        GatewayConfig cfg = ConfigLoader.load(null, on("cluster.kafka.security-protocol", "SASL_SSL",
                "cluster.kafka.sasl.username", "homeward", "cluster.kafka.sasl.password-file", pw.toString()), Map.of());
        assertThat(cfg.string(GatewaySettings.CLUSTER_SECURITY)).isEqualTo("SASL_SSL");
    }

    @Test
    void productionRequiresEncryptionAndTwoInsyncReplicas() {
        assertThatThrownBy(() -> ConfigLoader.load(null, on("profile", "production", "mqtt.enabled", "false",
                "http.enabled", "false", "http.secure-cookies", "true", "cluster.min-insync-replicas", "1"), Map.of()))
                .hasMessageContaining("Kafka connections must be encrypted (SSL or SASL_SSL)")
                .hasMessageContaining("on at least 2 brokers");
    }
}
