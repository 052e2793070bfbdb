package org.homeward.gateway.adapter.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import org.homeward.gateway.ingest.Channel;
import org.homeward.gateway.ingest.PayloadFormat;

/**
 * The device-to-gateway topics of the contract, resolved for one authenticated device:
 * {@code v1/devices/{id}/senml}, {@code .../senml/cbor} and {@code .../status}. Anything else,
 * including another device's topics, has no route; the device's answers to commands
 * ({@code .../commands/response}, {@link #isCommandResponse}) go to the command outbox, not to ingest.
 */
record TopicRoute(Channel channel, boolean cborTopic) {
    static final String CBOR_CONTENT_TYPE = "application/senml+cbor";
    private static final String PREFIX = "v1/devices/";

    /** The route of {@code topic} for {@code deviceId}, or null when the device may not publish there. */
    static TopicRoute of(String topic, String deviceId) {
        if (topic == null || !topic.startsWith(PREFIX) || !topic.startsWith(deviceId + '/', PREFIX.length())) {
            return null;
        }
        return switch (topic.substring(PREFIX.length() + deviceId.length() + 1)) {
            case "senml" -> new TopicRoute(Channel.SENML, false);
            case "senml/cbor" -> new TopicRoute(Channel.SENML, true);
            case "status" -> new TopicRoute(Channel.STATUS, false);
            default -> null;
        };
    }

    static String statusTopic(String deviceId) {
        return PREFIX + deviceId + "/status";
    }

    static String commandsTopic(String deviceId) {
        return PREFIX + deviceId + "/commands";
    }

    /** Where a device answers its commands ({@code v1/devices/{id}/commands/response}). */
    static String commandResponseTopic(String deviceId) {
        return PREFIX + deviceId + "/commands/response";
    }

    /** True when {@code topic} is this device's own command response topic (never another device's). */
    static boolean isCommandResponse(String topic, String deviceId) {
        return commandResponseTopic(deviceId).equals(topic);
    }

    /** CBOR when the topic says so or the MQTT 5 Content Type is {@code application/senml+cbor}. */
    PayloadFormat format(MqttProperties properties) {
        return cborTopic || CBOR_CONTENT_TYPE.equalsIgnoreCase(contentType(properties))
                ? PayloadFormat.SENML_CBOR : PayloadFormat.SENML_JSON;
    }

    static String contentType(MqttProperties properties) {
        MqttProperties.MqttProperty<?> p = properties == null ? null : properties.getProperty(MqttProperties.CONTENT_TYPE);
        return p == null ? null : String.valueOf(p.value());
    }
}
