package org.homeward.gateway.e2e;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many simulated devices on few threads: one Netty MQTT 3.1.1 connection per device on a shared
 * 2-thread event loop group, QoS 1 publishes, PUBACKs counted. For load runs (benchmarks), where
 * a Paho client per device would cost three threads each.
 */
final class MqttLoad implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicInteger packetIds = new AtomicInteger();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong refused = new AtomicLong();

    /** Connects one device (client id = user name = device id) and waits for its CONNACK. */
    void connect(String host, int port, String deviceId, String secret) throws Exception {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new MqttDecoder(), MqttEncoder.INSTANCE, new Replies(connected));
                    }
                }).connect(host, port).sync().channel();
        ch.writeAndFlush(MqttMessageBuilders.connect().clientId(deviceId).username(deviceId)
                .password(secret.getBytes(StandardCharsets.UTF_8)).protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).keepAlive(60).build());
        connected.get(30, TimeUnit.SECONDS);
        channels.add(ch);
    }

    /** Publishes at QoS 1 on the i-th connection (in connect order); never blocks. */
    void publish(int i, String topic, String json) {
        Channel ch = channels.get(i);
        if (!ch.isActive()) {
            refused.incrementAndGet();
            return;
        }
        int id = packetIds.updateAndGet(x -> x >= 65_535 ? 1 : x + 1);
        ch.writeAndFlush(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).retained(false)
                .messageId(id).payload(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8)).build());
        sent.incrementAndGet();
    }

    int size() {
        return channels.size();
    }

    private final class Replies extends SimpleChannelInboundHandler<MqttMessage> {
        private final CompletableFuture<Void> connected;

        Replies(CompletableFuture<Void> connected) {
            this.connected = connected;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
            MqttMessageType type = msg.fixedHeader().messageType();
            if (type == MqttMessageType.CONNACK) {
                MqttConnectReturnCode rc = ((MqttConnAckMessage) msg).variableHeader().connectReturnCode();
                if (rc == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    connected.complete(null);
                } else {
                    connected.completeExceptionally(new IllegalStateException("CONNACK " + rc));
                }
            } else if (type == MqttMessageType.PUBACK) {
                acked.incrementAndGet();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            connected.completeExceptionally(cause);
            ctx.close();
        }
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
