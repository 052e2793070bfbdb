package org.homeward.gateway.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The validated settings of cluster mode ({@code cluster.*}, checked by the config loader), as one
 * immutable value built by the composition root. {@link #enabled()} false = the single-process default.
 *
 * @param nodeId            this node's id, unique in the cluster (Kafka client ids and group instance)
 * @param bootstrapServers  Kafka bootstrap servers
 * @param partitions        partitions of the readings topic (units of processing ownership)
 * @param replicationFactor replicas of each topic the gateway creates
 * @param minInsyncReplicas min.insync.replicas of those topics
 * @param groupId           consumer group of the processing nodes
 * @param topics            topic names
 * @param readingsRetention retention.ms of the readings topic
 * @param ackTimeout        longest wait for Kafka to take a pack (producer delivery.timeout.ms)
 * @param commandTimeout    longest wait for the owner's answer to a forwarded nurse command
 * @param security          TLS and SASL/SCRAM settings
 * @param checkpoints       take-over from a checkpoint plus the readings tail
 */
public record ClusterSettings(boolean enabled, String nodeId, String bootstrapServers, int partitions,
                              int replicationFactor, int minInsyncReplicas, String groupId, Topics topics,
                              Duration readingsRetention, Duration ackTimeout, Duration commandTimeout,
                              Security security, Checkpoints checkpoints) {

    /**
     * @param topic    compacted topic, one partition per readings partition, of {@code CheckpointFold} checkpoints
     * @param interval how often an owner writes its partitions' checkpoints
     * @param lookback readings replayed before a checkpoint (at least the longest rule window)
     */
    public record Checkpoints(String topic, Duration interval, Duration lookback) {
        /** The defaults of {@code config/gateway.yaml}. */
        public static Checkpoints defaults() {
            return new Checkpoints("homeward.checkpoints", Duration.ofSeconds(60), Duration.ofHours(6));
        }
    }

    /** Topic names. */
    public record Topics(String readings, String patients, String alarms, String commands, String registry) {
    }

    /**
     * @param protocol           Kafka security.protocol (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)
     * @param saslMechanism      SCRAM-SHA-256 or SCRAM-SHA-512
     * @param saslUser           SCRAM user
     * @param saslPasswordFile   file whose first line is the SCRAM password (read when clients are built)
     * @param trustPem           CA certificates (PEM) for the brokers; null = JVM trust store
     * @param keystorePem        PKCS#8 key + chain in one PEM file for mutual TLS; null = none
     * @param verifyHostname     check the broker host name against its certificate
     */
    public record Security(String protocol, String saslMechanism, String saslUser, Path saslPasswordFile,
                           Path trustPem, Path keystorePem, boolean verifyHostname) {
        /** Plain text, for tests against a local broker. */
        public static Security plaintext() {
            return new Security("PLAINTEXT", "SCRAM-SHA-512", "", null, null, null, true);
        }
    }

    /** The same settings with other checkpoint settings (tests). */
    public ClusterSettings withCheckpoints(Checkpoints c) {
        return new ClusterSettings(enabled, nodeId, bootstrapServers, partitions, replicationFactor, minInsyncReplicas,
                groupId, topics, readingsRetention, ackTimeout, commandTimeout, security, c);
    }

    /** Defaults for a test broker on {@code bootstrap}: one replica, {@code partitions} partitions. */
    public static ClusterSettings forTest(String nodeId, String bootstrap, int partitions) {
        return new ClusterSettings(true, nodeId, bootstrap, partitions, 1, 1, "homeward-processing",
                new Topics("homeward.readings", "homeward.patients", "homeward.alarm-state", "homeward.commands",
                        "homeward.registry"), Duration.ofDays(30), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Security.plaintext(), Checkpoints.defaults());
    }
}
