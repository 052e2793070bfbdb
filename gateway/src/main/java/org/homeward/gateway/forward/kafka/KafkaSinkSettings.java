package org.homeward.gateway.forward.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the Kafka sink ({@code forward.kafka.*}).
 *
 * @param bootstrapServers {@code host:port,...} ({@code forward.kafka.bootstrap-servers})
 * @param topic            topic of readings ({@code forward.kafka.topic}, default {@value #DEFAULT_TOPIC})
 * @param alarmsTopic      topic of alarm changes (default {@value #DEFAULT_ALARMS_TOPIC})
 * @param clientId         producer client.id
 * @param timeout          bound on one batch: send blocking (metadata), acknowledgements, and
 *                         the producer's own delivery time-out
 * @param properties       extra producer properties, e.g. {@code security.protocol=SSL},
 *                         {@code ssl.truststore.location}, SASL settings; they cannot switch off
 *                         idempotence or acks=all
 */
public record KafkaSinkSettings(String bootstrapServers, String topic, String alarmsTopic, String clientId,
                                Duration timeout, Map<String, String> properties) {
    public static final String DEFAULT_TOPIC = "homeward.vitals";
    public static final String DEFAULT_ALARMS_TOPIC = "homeward.alarms";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public KafkaSinkSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(alarmsTopic, "alarmsTopic");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(timeout, "timeout");
        properties = Map.copyOf(properties == null ? Map.of() : properties);
        if (bootstrapServers.isBlank() || topic.isBlank() || alarmsTopic.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers and topics must not be blank");
        }
        if (timeout.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("forward.kafka timeout must be at least 2 s: " + timeout);
        }
    }

    /** Defaults: topics {@value #DEFAULT_TOPIC} / {@value #DEFAULT_ALARMS_TOPIC}, client id {@code homeward-<gatewayId>}, 30 s. */
    public static KafkaSinkSettings defaults(String bootstrapServers, String gatewayId) {
        return new KafkaSinkSettings(bootstrapServers, DEFAULT_TOPIC, DEFAULT_ALARMS_TOPIC, "homeward-" + gatewayId,
                DEFAULT_TIMEOUT, Map.of());
    }

    public KafkaSinkSettings withTopics(String vitals, String alarms) {
        return new KafkaSinkSettings(bootstrapServers, vitals, alarms, clientId, timeout, properties);
    }

    public KafkaSinkSettings withTimeout(Duration t) {
        return new KafkaSinkSettings(bootstrapServers, topic, alarmsTopic, clientId, t, properties);
    }

    public KafkaSinkSettings withProperties(Map<String, String> extra) {
        return new KafkaSinkSettings(bootstrapServers, topic, alarmsTopic, clientId, timeout, extra);
    }
}
