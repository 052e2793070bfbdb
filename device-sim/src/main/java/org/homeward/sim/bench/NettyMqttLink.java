package org.homeward.sim.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homeward.sim.transport.DeviceLink;
import org.homeward.sim.transport.LinkSettings;
import org.homeward.sim.transport.Outgoing;
import org.homeward.sim.transport.Topics;

/**
 * One benchmark connection: CONNECT with device id / secret, QoS 1 publishes with packet ids, the
 * send time kept per packet id on the channel's event loop, latency recorded on PUBACK. A publish
 * while not connected, or with {@value #MAX_INFLIGHT} unacknowledged, is refused and counted.
 */
final class NettyMqttLink implements DeviceLink {
    private static final int MAX_INFLIGHT = 1000;

    private final LinkSettings s;
    private final AtomicBoolean up = new AtomicBoolean();
    private final Map<Integer, Long> inflight = new HashMap<>();
    private Bootstrap bootstrap;
    private volatile Channel channel;
    private int nextId;

    NettyMqttLink(LinkSettings s) {
        this.s = s;
    }

    void bootstrap(Bootstrap b) {
        this.bootstrap = b;
    }

    SimpleChannelInboundHandler<MqttMessage> handler() {
        return new SimpleChannelInboundHandler<>() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(MqttMessageBuilders.connect().clientId(s.deviceId()).username(s.deviceId())
                        .password(s.secret().getBytes(StandardCharsets.UTF_8)).hasUser(true).hasPassword(true)
                        .protocolVersion(MqttVersion.MQTT_3_1_1).cleanSession(true).keepAlive(60).build());
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
                MqttMessageType type = msg.fixedHeader().messageType();
                if (type == MqttMessageType.CONNACK) {
                    if (((MqttConnAckMessage) msg).variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED
                            && up.compareAndSet(false, true)) {
                        s.stats().connected.incrementAndGet();
                    } else {
                        s.stats().errors.increment();
                    }
                } else if (type == MqttMessageType.PUBACK) {
                    Long t0 = inflight.remove(((MqttMessageIdVariableHeader) msg.variableHeader()).messageId());
                    if (t0 != null) {
                        s.stats().acked.increment();
                        s.stats().ackLatency(t0);
                    }
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                if (up.compareAndSet(true, false)) {
                    s.stats().connected.decrementAndGet();
                }
                s.stats().errors.add(inflight.size());
                inflight.clear();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                s.stats().errors.increment();
                ctx.close();
            }
        };
    }

    @Override
    public void start() {
        bootstrap.connect(s.host(), s.port()).addListener(f -> {
            if (f.isSuccess()) {
                channel = ((io.netty.channel.ChannelFuture) f).channel();
            } else {
                s.stats().errors.increment();
            }
        });
    }

    @Override
    public boolean send(Outgoing pack) {
        Channel ch = channel;
        if (ch == null || !up.get()) {
            s.stats().dropped.increment();
            return false;
        }
        String topic = Topics.of(s.deviceId(), pack.channel(), pack.format(), false);
        ch.eventLoop().execute(() -> publish(ch, topic, pack.payload()));
        return true;
    }

    private void publish(Channel ch, String topic, byte[] payload) {
        if (inflight.size() >= MAX_INFLIGHT) {
            s.stats().dropped.increment();
            return;
        }
        do {
            nextId = nextId % 65_535 + 1;
        } while (inflight.containsKey(nextId));
        inflight.put(nextId, System.nanoTime());
        s.stats().sent.increment();
        ch.writeAndFlush(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).retained(false)
                .messageId(nextId).payload(Unpooled.wrappedBuffer(payload)).build());
    }

    @Override
    public void pump() {
        // no offline buffer in the load client
    }

    @Override
    public boolean connected() {
        return up.get();
    }

    @Override
    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.writeAndFlush(MqttMessage.DISCONNECT);
            ch.close().awaitUninterruptibly(2000);
        }
    }
}
