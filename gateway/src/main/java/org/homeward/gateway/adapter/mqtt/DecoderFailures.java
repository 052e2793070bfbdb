package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.util.ReferenceCountUtil;

/**
 * First step of {@link MqttProtocolHandler}, right after the decoder: a message whose {@code DecoderResult}
 * failed (malformed, too large, bad client id, unknown protocol version) is counted and closes the
 * connection, with the CONNACK or MQTT 5 DISCONNECT the spec asks for. The decoder discards everything
 * after a bad packet, so nothing else reaches protocol logic. Stateless; shared by all connections.
 */
final class DecoderFailures {
    private static final byte MALFORMED = (byte) 0x81;
    private static final byte PACKET_TOO_LARGE = (byte) 0x95;
    private final MqttMetrics metrics;

    DecoderFailures(MqttMetrics metrics) {
        this.metrics = metrics;
    }

    /** True (and the message released, the connection closing) when {@code msg} failed to decode. */
    boolean refused(ChannelHandlerContext ctx, MqttMessage m) {
        if (m.decoderResult().isSuccess()) {
            return false;
        }
        ReferenceCountUtil.release(m);
        Throwable cause = m.decoderResult().cause();
        boolean tooLarge = cause instanceof TooLongFrameException;
        metrics.protocolError(tooLarge ? "packet_too_large" : cause instanceof MqttIdentifierRejectedException
                ? "client_id_rejected" : cause instanceof MqttUnacceptableProtocolVersionException
                ? "protocol_version" : "malformed_packet");
        if (MqttSession.of(ctx.channel()) != null) {
            MqttReplies.disconnect(ctx.channel(), tooLarge ? PACKET_TOO_LARGE : MALFORMED,
                    tooLarge ? "packet too large" : "malformed packet", false);
        } else {
            refuseConnect(ctx, m, cause, tooLarge);
        }
        return true;
    }

    /** Before the session exists: answer a broken CONNECT with CONNACK where the spec has a code. */
    private static void refuseConnect(ChannelHandlerContext ctx, MqttMessage m, Throwable cause, boolean tooLarge) {
        boolean v5 = m.variableHeader() instanceof MqttConnectVariableHeader h && h.version() == 5;
        MqttConnectReturnCode code = null;
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            code = MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION;
        } else if (cause instanceof MqttIdentifierRejectedException) {
            code = MqttReplies.clientIdInvalid(v5);
        } else if (tooLarge && v5) {
            code = MqttConnectReturnCode.CONNECTION_REFUSED_PACKET_TOO_LARGE;
        }
        if (code == null) {
            ctx.close();
        } else {
            ctx.writeAndFlush(MqttReplies.connAckRefused(code)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
