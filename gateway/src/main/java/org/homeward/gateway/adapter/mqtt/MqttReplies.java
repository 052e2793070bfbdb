package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * Builds the server's replies and holds the one place that disconnects a device:
 * {@link #disconnect} records why, sends an MQTT 5 DISCONNECT when the client speaks 5 (3.1.1
 * has no server DISCONNECT) and closes the connection after the write.
 */
final class MqttReplies {
    /** Longest Reason String we send; details beyond that stay in the logs and metrics. */
    static final int MAX_REASON_STRING = 120;

    private MqttReplies() {
    }

    static MqttMessage connAckRefused(MqttConnectReturnCode code) {
        return MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build();
    }

    /** Bad user name or password; the same answer for unknown, revoked and wrong secret. */
    static MqttConnectReturnCode badCredentials(boolean v5) {
        return v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
    }

    /** Authenticated but not allowed (will topic, certificate and user name disagree). */
    static MqttConnectReturnCode notAuthorized(boolean v5) {
        return v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
    }

    /** The address is in back-off after repeated authentication failures: 0x9F / 3.1.1 server unavailable. */
    static MqttConnectReturnCode backingOff(boolean v5) {
        return v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
                : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
    }

    static MqttConnectReturnCode clientIdInvalid(boolean v5) {
        return v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
    }

    static MqttMessage pubAck(int packetId, byte reasonCode, String reason, boolean withReason) {
        return pubReply(MqttMessageType.PUBACK, packetId, reasonCode, reason, withReason);
    }

    static MqttMessage pubRec(int packetId, byte reasonCode, String reason, boolean withReason) {
        return pubReply(MqttMessageType.PUBREC, packetId, reasonCode, reason, withReason);
    }

    static MqttMessage pubComp(int packetId, byte reasonCode) {
        return pubReply(MqttMessageType.PUBCOMP, packetId, reasonCode, null, false);
    }

    static MqttProperties reasonString(String reason) {
        MqttProperties props = new MqttProperties();
        String text = reason.length() > MAX_REASON_STRING ? reason.substring(0, MAX_REASON_STRING) : reason;
        props.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, text));
        return props;
    }

    /**
     * Closes the device's connection: the one disconnect path of the adapter.
     *
     * @param reasonCode   MQTT 5 DISCONNECT reason code (ignored for 3.1.1)
     * @param why          short reason for the DISCONNECTED event (no personal data)
     * @param suppressWill true when the will must not be published (take-over, revocation)
     */
    static void disconnect(Channel channel, byte reasonCode, String why, boolean suppressWill) {
        MqttSession session = MqttSession.of(channel);
        if (session != null) {
            session.closing(why, suppressWill);
        }
        // a peer that stops reading must not keep its connection open through a pending DISCONNECT
        if (session != null && session.isV5() && channel.isActive() && channel.isWritable()) {
            MqttMessage msg = MqttMessageBuilders.disconnect().reasonCode(reasonCode).build();
            channel.writeAndFlush(msg).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    private static MqttMessage pubReply(MqttMessageType type, int packetId, byte code, String reason,
                                        boolean withReason) {
        MqttProperties props = withReason && reason != null ? reasonString(reason) : MqttProperties.NO_PROPERTIES;
        return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, code, props));
    }
}
