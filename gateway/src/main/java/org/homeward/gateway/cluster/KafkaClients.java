package org.homeward.gateway.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Builds the {@link Properties} of every Kafka client of a node from {@link ClusterSettings}: the
 * connection and security part shared by all (bootstrap, TLS with PEM files, SASL/SCRAM with the
 * password read from its file, never from the YAML), and the per-role part: the durable producer
 * ({@code acks=all}, idempotent: a pack is acknowledged to a device only after the in-sync replicas
 * have it), consumers (String keys, byte[] values, no auto-commit: the gateway decides what it
 * commits), the admin client. Every call returns a fresh mutable copy the caller may extend.
 * Stateless and thread-safe.
 */
public final class KafkaClients {
    private final ClusterSettings settings;

    public KafkaClients(ClusterSettings settings) {
        this.settings = settings;
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** Connection and security settings every client shares; {@code role} names the client in the brokers' logs. */
    public Properties common(String role) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "homeward-" + settings.nodeId() + "-" + role);
        ClusterSettings.Security s = settings.security();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, s.protocol());
        if (s.protocol().endsWith("SSL")) {
            if (s.trustPem() != null) {
                p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
                p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, s.trustPem().toString());
            }
            if (s.keystorePem() != null) {
                p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
                p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, s.keystorePem().toString());
            }
            p.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, s.verifyHostname() ? "https" : "");
        }
        if (s.protocol().startsWith("SASL_")) {
            p.put(SaslConfigs.SASL_MECHANISM, s.saslMechanism());
            p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"" + jaasEscape(s.saslUser()) + "\" password=\"" + jaasEscape(password(s)) + "\";");
        }
        return p;
    }

    /**
     * The durable producer: {@code acks=all} and idempotence (no duplicate or reordered pack on a retry),
     * String keys (patient pseudonyms) and byte[] values; a send fails after {@code cluster.ack-timeout}.
     */
    public Properties producer(String role) {
        Properties p = common(role);
        long timeout = settings.ackTimeout().toMillis();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1"); // a device waits for its ack: batch only what arrives together
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(500, timeout / 2)));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout + 1));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.max(500, timeout / 2)));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * A consumer reading String keys and byte[] values without auto-commit; with a {@code groupId} it
     * takes part in that group with the cooperative-sticky assignor (a rebalance moves only the
     * partitions that must move), without one it is assigned partitions by hand.
     */
    public Properties consumer(String role, String groupId) {
        Properties p = common(role);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000"); // a dead node's partitions move after ~10 s
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        }
        return p;
    }

    /** The admin client (topic creation, cluster description for /health). */
    public Properties admin() {
        Properties p = common("admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return p;
    }

    private static String password(ClusterSettings.Security s) {
        try {
            return Files.readAllLines(s.saslPasswordFile()).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cluster.kafka.sasl.password-file " + s.saslPasswordFile()
                    + " cannot be read", e);
        }
    }

    private static String jaasEscape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
