package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.homeward.gateway.domain.DeviceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything after the decoder, as one handler shared by the connections of a listener, in this order:
 * {@link DecoderFailures} (nothing malformed reaches protocol logic); CONNECT ({@link MqttConnect}: no
 * other packet passes before a successful one, a second one is a protocol error); PUBLISH and PUBREL
 * ({@link MqttPublishes}, the connection's in-flight state, held by its session); then the rest of an
 * established session: SUBSCRIBE (only the device's own commands topic), UNSUBSCRIBE, PINGREQ,
 * DISCONNECT, keep-alive expiry, errors, and the end of the connection (will message, DISCONNECTED
 * event). Last handler of the pipeline: nothing escapes it.
 *
 * <p>One handler instead of four (decoder failures, connect, publish, session): each handler costs a
 * context of 64 B per connection and a hop per packet; together 192 B per idle connection and three
 * hops per PUBLISH (issue 14).
 */
@Sharable
final class MqttProtocolHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttProtocolHandler.class);
    private static final byte NOT_AUTHORIZED = (byte) 0x87;
    private static final byte V3_FAILURE = (byte) 0x80;
    private static final byte KEEP_ALIVE_TIMEOUT = (byte) 0x8D;
    private static final byte PROTOCOL_ERROR = (byte) 0x82;
    private static final byte UNSPECIFIED = (byte) 0x80;
    private static final byte DISCONNECT_WITH_WILL = 0x04;
    private final AdapterContext context;
    private final DecoderFailures decoderFailures;
    private final MqttConnect connect;
    private final WillPublisher wills;
    private final KeepAliveSweeper keepAliveSweeper;
    private final CommandPublisher commands;

    MqttProtocolHandler(AdapterContext context, String listener, KeepAliveSweeper keepAliveSweeper) {
        this.context = context;
        this.decoderFailures = new DecoderFailures(context.metrics());
        this.connect = new MqttConnect(context, listener, keepAliveSweeper);
        this.keepAliveSweeper = keepAliveSweeper;
        this.wills = new WillPublisher(context);
        this.commands = new CommandPublisher(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage m)) {
            ReferenceCountUtil.release(msg);  // the decoder emits only MQTT messages: a bug if it ever happens
            context.metrics().protocolError("unexpected_packet");
            ctx.close();
            return;
        }
        if (decoderFailures.refused(ctx, m)) {
            return;
        }
        MqttSession session = MqttSession.of(ctx.channel());
        if (session == null) {
            if (m instanceof MqttConnectMessage c) {
                connect.onConnect(ctx.channel(), c);
            } else {
                ReferenceCountUtil.release(m);
                context.metrics().protocolError("packet_before_connect");
                ctx.close();
            }
            return;
        }
        session.markSeen();
        if (m instanceof MqttPublishMessage publish) {
            try {
                session.publishes(context).onPublish(ctx, session, publish);
            } finally {
                publish.release();
            }
            return;
        }
        switch (m.fixedHeader().messageType()) {
            case CONNECT -> {
                context.metrics().protocolError("second_connect");
                MqttReplies.disconnect(ctx.channel(), PROTOCOL_ERROR, "protocol error", false);
            }
            case PUBREL -> session.publishes(context).onPubRel(ctx, ((MqttMessageIdVariableHeader) m.variableHeader()).messageId());
            default -> established(ctx, session, m);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        MqttSession session = MqttSession.of(ctx.channel());
        MqttPublishes publishes = session == null ? null : session.publishesIfAny();
        if (publishes != null) {
            publishes.updateAutoRead(ctx);
        } else {
            MqttPublishes.updateAutoRead(ctx, 0, context.settings().receiveMaximum());
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The other packets of an established session. */
    private void established(ChannelHandlerContext ctx, MqttSession session, MqttMessage msg) {
        try {
            switch (((MqttMessage) msg).fixedHeader().messageType()) {
                case SUBSCRIBE -> onSubscribe(ctx, session, (MqttSubscribeMessage) msg);
                case UNSUBSCRIBE -> onUnsubscribe(ctx, session, (MqttUnsubscribeMessage) msg);
                case PINGREQ -> ctx.writeAndFlush(MqttMessage.PINGRESP);
                case DISCONNECT -> onDisconnect(ctx, session, (MqttMessage) msg);
                case PUBACK -> onPubAck(session, (MqttMessage) msg);
                case PUBREC, PUBCOMP -> LOG.debug("command acknowledged");
                default -> {
                    context.metrics().protocolError("unexpected_packet");
                    MqttReplies.disconnect(ctx.channel(), PROTOCOL_ERROR, "protocol error", false);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onSubscribe(ChannelHandlerContext ctx, MqttSession session, MqttSubscribeMessage msg) {
        String own = TopicRoute.commandsTopic(session.deviceId());
        List<Integer> codes = new ArrayList<>();
        for (MqttTopicSubscription s : msg.payload().topicSubscriptions()) {
            if (own.equals(s.topicFilter())) {
                int qos = Math.min(s.qualityOfService().value(), 1);
                session.commandsQos(qos);
                codes.add(qos);
            } else {
                context.metrics().protocolError("subscribe_not_allowed");
                codes.add((session.isV5() ? NOT_AUTHORIZED : V3_FAILURE) & 0xFF);
            }
        }
        ctx.writeAndFlush(new MqttSubAckMessage(header(MqttMessageType.SUBACK),
                new MqttMessageIdAndPropertiesVariableHeader(msg.idAndPropertiesVariableHeader().messageId(),
                        MqttProperties.NO_PROPERTIES), new MqttSubAckPayload(codes)));
        if (session.commandsQos() >= 0) {
            commands.sendPending(ctx.channel(), session);  // kept while the device was away, until they expire
        }
    }

    /** A device's PUBACK of a command: delivered, unless an MQTT 5 device refused it with a reason code >= 0x80. */
    private void onPubAck(MqttSession session, MqttMessage msg) {
        Object h = msg.variableHeader();
        int packetId = h instanceof MqttMessageIdVariableHeader id ? id.messageId() : -1;
        String command = session.acknowledged(packetId);
        boolean refused = h instanceof MqttPubReplyMessageVariableHeader r
                && (r.reasonCode() & 0xFF) >= 0x80;
        if (command != null && !refused) {
            context.commands().delivered(session.deviceId(), command);
        }
    }

    private void onUnsubscribe(ChannelHandlerContext ctx, MqttSession session, MqttUnsubscribeMessage msg) {
        String own = TopicRoute.commandsTopic(session.deviceId());
        List<Short> codes = new ArrayList<>();
        for (String topic : msg.payload().topics()) {
            boolean subscribed = own.equals(topic) && session.commandsQos() >= 0;
            if (own.equals(topic)) {
                session.commandsQos(-1);
            }
            codes.add((short) (subscribed ? 0x00 : 0x11));  // 0x11: no subscription existed
        }
        ctx.writeAndFlush(new MqttUnsubAckMessage(header(MqttMessageType.UNSUBACK),
                new MqttMessageIdAndPropertiesVariableHeader(msg.idAndPropertiesVariableHeader().messageId(),
                        MqttProperties.NO_PROPERTIES), new MqttUnsubAckPayload(codes)));
    }

    private static void onDisconnect(ChannelHandlerContext ctx, MqttSession session, MqttMessage msg) {
        // a normal DISCONNECT discards the will; MQTT 5 reason 0x04 asks for it to be published
        boolean keepWill = msg.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h
                && h.reasonCode() == DISCONNECT_WITH_WILL;
        session.closing(DeviceEvent.CLEAN_DISCONNECT, !keepWill);
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            context.metrics().protocolError("keep_alive_timeout");
            MqttReplies.disconnect(ctx.channel(), KEEP_ALIVE_TIMEOUT, "keep-alive timeout", false);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            ctx.close();  // reset by peer and the like: the connection is lost, not a protocol error
            return;
        }
        boolean tls = cause instanceof DecoderException && cause.getCause() instanceof SSLException;
        context.metrics().protocolError(tls ? "tls" : "exception");
        LOG.debug("closing MQTT connection after error", cause);
        MqttReplies.disconnect(ctx.channel(), UNSPECIFIED, tls ? "tls error" : "error", false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        MqttSession session = MqttSession.of(ctx.channel());
        if (session != null) {
            keepAliveSweeper.untrack(ctx.channel(), session);
            context.sessions().unregister(session.deviceId(), ctx.channel());
            if (session.will() != null && !session.willSuppressed()) {
                wills.publish(session);
            }
            context.emit(session.device(), DeviceEvent.Type.DISCONNECTED, session.closeReason());
        }
        ctx.fireChannelInactive();
    }

    private static MqttFixedHeader header(MqttMessageType type) {
        return new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0);
    }
}
