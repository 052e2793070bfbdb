package org.homeward.gateway.adapter.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.nio.charset.StandardCharsets;
import org.homeward.gateway.command.CommandOutbox.AnswerResult;

/**
 * A device's PUBLISH to its own {@code v1/devices/{id}/commands/response}: the answer goes to the
 * command outbox and is acknowledged only once durable. MQTT 5 PUBACK/PUBREC reason codes: 0x00
 * recorded, 0x99 Payload format invalid (not a valid answer), 0x83 Implementation specific error
 * (unknown command, or already answered or expired; the Reason String says which), 0x80 when it
 * could not be stored (the device should send it again). Refusals are counted by the outbox
 * ({@code homeward.command.answers.refused}). MQTT 3.1.1 cannot say why: a storage
 * failure closes the connection (the device resends), anything else is acknowledged and counted.
 *
 * <p>Threading: {@link #onAnswer} on the channel's event loop; the outcome comes back to it.
 */
final class CommandAnswers {
    private static final byte OK = 0;
    private static final byte UNSPECIFIED = (byte) 0x80;
    private static final byte IMPLEMENTATION_SPECIFIC = (byte) 0x83;
    private static final byte PAYLOAD_FORMAT_INVALID = (byte) 0x99;
    private final AdapterContext context;
    private final MqttPublishes publishes;

    CommandAnswers(AdapterContext context, MqttPublishes publishes) {
        this.context = context;
        this.publishes = publishes;
    }

    void onAnswer(ChannelHandlerContext ctx, MqttSession session, MqttPublishMessage publish, int qos, int packetId) {
        if (qos == 2 && publishes.qos2().containsKey(packetId)) {
            return;  // DUP of an answer being stored; its PUBREC follows
        }
        MqttProperties.MqttProperty<?> corr = publish.variableHeader().properties()
                .getProperty(MqttProperties.MqttPropertyType.CORRELATION_DATA.value());
        String correlation = corr != null && corr.value() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
        byte[] payload = ByteBufUtil.getBytes(publish.content());
        if (qos == 2) {
            publishes.qos2().put(packetId, false);
        }
        publishes.pending(ctx, 1);
        context.commands().answer(session.deviceId(), payload, correlation).whenComplete((result, error) ->
                MqttPublishes.onLoop(ctx.channel().eventLoop(), () -> {
                    publishes.pending(ctx, -1);
                    reply(ctx, session, qos, packetId, result, error);
                }));
    }

    private void reply(ChannelHandlerContext ctx, MqttSession session, int qos, int packetId, AnswerResult result,
                       Throwable error) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (qos == 0) {
            return;
        }
        if (!session.isV5() && error != null) {
            MqttReplies.disconnect(ctx.channel(), OK, "command answer not stored", true);  // the device resends it
            return;
        }
        byte code;
        String why;
        if (error != null) {
            code = UNSPECIFIED;
            why = "answer not stored, send it again";
        } else {
            code = switch (result.outcome()) {
                case RECORDED -> OK;
                case MALFORMED -> PAYLOAD_FORMAT_INVALID;
                case UNKNOWN, FINISHED -> IMPLEMENTATION_SPECIFIC;
            };
            why = result.message();
        }
        if (!session.isV5()) {
            code = OK;  // 3.1.1 has no reason codes; the refusal is counted
        }
        if (qos == 1) {
            publishes.reply(ctx, MqttReplies.pubAck(packetId, code, why, session.reasonBudget()));
        } else {
            if ((code & 0xFF) >= 0x80) {
                publishes.qos2().remove(packetId);  // a failed PUBREC ends the exchange: no PUBREL follows
            } else {
                publishes.qos2().put(packetId, true);
            }
            publishes.reply(ctx, MqttReplies.pubRec(packetId, code, why, session.reasonBudget()));
        }
    }
}
