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
import org.homeward.gateway.ingest.ReasonText;

/**
 * Builds the server's replies and holds the one place that disconnects a device:
 * {@link #disconnect} records why, sends an MQTT 5 DISCONNECT when the client speaks 5 (3.1.1
 * has no server DISCONNECT) and closes the connection after the write.
 */
final class MqttReplies {
    /** Longest Reason String the protocol allows (a UTF-8 string, 2-byte length, spec §1.5.4). */
    static final int MAX_REASON_STRING = 65_535;
    /**
     * Bytes of a PUBACK/PUBREC besides the Reason String's text: fixed header (1 + up to 4 length bytes),
     * packet id 2, reason code 1, property length up to 4, property id 1, string length 2.
     */
    static final int PUB_REPLY_OVERHEAD = 15;

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

    /** {@code reasonBudget}: UTF-8 bytes the Reason String may take ({@link MqttSession#reasonBudget()}; 0 = none). */
    static MqttMessage pubAck(int packetId, byte reasonCode, String reason, int reasonBudget) {
        return pubReply(MqttMessageType.PUBACK, packetId, reasonCode, reason, reasonBudget);
    }

    static MqttMessage pubRec(int packetId, byte reasonCode, String reason, int reasonBudget) {
        return pubReply(MqttMessageType.PUBREC, packetId, reasonCode, reason, reasonBudget);
    }

    static MqttMessage pubComp(int packetId, byte reasonCode) {
        return pubReply(MqttMessageType.PUBCOMP, packetId, reasonCode, null, 0);
    }

    /** The full reason, or cut at a word boundary with "…" when the budget forces it; none when nothing fits. */
    static MqttProperties reasonString(String reason, int budget) {
        String text = ReasonText.fit(reason, budget);
        if (text.isEmpty()) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties props = new MqttProperties();
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
            if (session.publishesIfAny() != null) {
                session.publishesIfAny().writeAcks(channel);  // acknowledged publishes are answered first
            }
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
                                        int reasonBudget) {
        MqttProperties props = reasonBudget > 0 && reason != null ? reasonString(reason, reasonBudget)
                : MqttProperties.NO_PROPERTIES;
        return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, code, props));
    }
}
