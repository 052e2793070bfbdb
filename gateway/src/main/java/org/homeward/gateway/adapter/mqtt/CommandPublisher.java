package org.homeward.gateway.adapter.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import org.homeward.gateway.command.CommandJson;
import org.homeward.gateway.command.DeviceCommand;

/**
 * Sends device commands to {@code v1/devices/{id}/commands}: QoS 1 (or the QoS the device was
 * granted), and for MQTT 5 with Message Expiry Interval = the seconds the command has left,
 * Correlation Data = its id, Response Topic {@code v1/devices/{id}/commands/response} and Content
 * Type {@code application/json}. MQTT 3.1.1 devices find the id in the JSON payload.
 *
 * <p>Threading: {@link #send} runs on the device's event loop only.
 */
final class CommandPublisher {
    static final String CONTENT_TYPE = "application/json";
    private final AdapterContext context;

    CommandPublisher(AdapterContext context) {
        this.context = context;
    }

    /** Sends the device's queued, unexpired commands it has not had on this connection. */
    void sendPending(Channel ch, MqttSession session) {
        for (DeviceCommand c : context.commands().sendable(session.deviceId())) {
            send(ch, session, c);
        }
    }

    /** Sends one command unless it expired, the device is not subscribed, or it already had it on this connection. */
    void send(Channel ch, MqttSession session, DeviceCommand c) {
        long now = context.clock().millis();
        if (!ch.isActive() || session.commandsQos() < 0 || !c.sendable(now) || !session.firstSend(c.id())) {
            return;
        }
        MqttQoS qos = MqttQoS.valueOf(session.commandsQos());
        int packetId = qos == MqttQoS.AT_MOST_ONCE ? 0 : session.nextPacketId();
        MqttProperties props = new MqttProperties();
        if (session.isV5()) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(),
                    (int) Math.min(Integer.MAX_VALUE, c.remainingSeconds(now))));
            props.add(new MqttProperties.BinaryProperty(MqttProperties.MqttPropertyType.CORRELATION_DATA.value(),
                    c.id().getBytes(StandardCharsets.UTF_8)));
            props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.RESPONSE_TOPIC.value(),
                    TopicRoute.commandResponseTopic(c.deviceId())));
            props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.CONTENT_TYPE.value(), CONTENT_TYPE));
        }
        if (packetId != 0) {
            session.inflight(packetId, c.id());
        }
        ch.writeAndFlush(MqttMessageBuilders.publish().topicName(TopicRoute.commandsTopic(c.deviceId()))
                .qos(qos).retained(false).messageId(packetId).properties(props)
                .payload(Unpooled.wrappedBuffer(CommandJson.devicePayload(c, now)))
                .build()).addListener(f -> {
                    if (f.isSuccess() && packetId == 0) {
                        context.commands().delivered(c.deviceId(), c.id());  // QoS 0: written is all we learn
                    }
                });
    }
}
