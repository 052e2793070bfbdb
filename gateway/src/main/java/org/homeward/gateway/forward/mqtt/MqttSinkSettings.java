package org.homeward.gateway.forward.mqtt;

import java.time.Duration;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * Settings of the MQTT bridge sink ({@code forward.mqtt.*}).
 *
 * @param uri                broker URI, {@code tcp://host:1883} or {@code ssl://host:8883} ({@code forward.mqtt.uri})
 * @param clientId           MQTT client id; stable, because the session is persistent (cleanSession=false)
 * @param topicTemplate      topic of readings with {@code {patient}}, {@code {device}}, {@code {vital}}
 *                           ({@code forward.mqtt.topic})
 * @param alarmTopicTemplate topic of alarm changes with {@code {patient}}, {@code {rule}}
 * @param username           user name, or null
 * @param password           password, or null
 * @param socketFactory      socket factory, e.g. {@code sslContext.getSocketFactory()} for {@code ssl://}
 *                           with a private trust store or client certificate; null for the default
 * @param timeout            bound on connect and on waiting for each batch's PUBACKs
 */
public record MqttSinkSettings(String uri, String clientId, String topicTemplate, String alarmTopicTemplate,
                               String username, String password, SocketFactory socketFactory, Duration timeout) {
    public static final String DEFAULT_TOPIC = "homeward/vitals/{patient}/{device}/{vital}";
    public static final String DEFAULT_ALARM_TOPIC = "homeward/alarms/{patient}";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public MqttSinkSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(topicTemplate, "topicTemplate");
        Objects.requireNonNull(alarmTopicTemplate, "alarmTopicTemplate");
        Objects.requireNonNull(timeout, "timeout");
        if (!uri.startsWith("tcp://") && !uri.startsWith("ssl://")) {
            throw new IllegalArgumentException("forward.mqtt.uri must start with tcp:// or ssl://: " + uri);
        }
        if (clientId.isEmpty() || topicTemplate.isEmpty() || alarmTopicTemplate.isEmpty()) {
            throw new IllegalArgumentException("clientId and topic templates must not be empty");
        }
        if (topicTemplate.contains("+") || topicTemplate.contains("#") || alarmTopicTemplate.contains("+")
                || alarmTopicTemplate.contains("#")) {
            throw new IllegalArgumentException("topic templates must not contain MQTT wildcards");
        }
    }

    /** Defaults: client id {@code homeward-<gatewayId>}, default topics, no credentials, 10 s time-out. */
    public static MqttSinkSettings defaults(String uri, String gatewayId) {
        return new MqttSinkSettings(uri, "homeward-" + gatewayId, DEFAULT_TOPIC, DEFAULT_ALARM_TOPIC, null, null,
                null, DEFAULT_TIMEOUT);
    }

    public MqttSinkSettings withTopics(String topic, String alarmTopic) {
        return new MqttSinkSettings(uri, clientId, topic, alarmTopic, username, password, socketFactory, timeout);
    }

    public MqttSinkSettings withCredentials(String user, String pass) {
        return new MqttSinkSettings(uri, clientId, topicTemplate, alarmTopicTemplate, user, pass, socketFactory, timeout);
    }

    public MqttSinkSettings withSocketFactory(SocketFactory factory) {
        return new MqttSinkSettings(uri, clientId, topicTemplate, alarmTopicTemplate, username, password, factory,
                timeout);
    }

    public MqttSinkSettings withTimeout(Duration t) {
        return new MqttSinkSettings(uri, clientId, topicTemplate, alarmTopicTemplate, username, password,
                socketFactory, t);
    }
}
