package org.homeward.sim.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Netty MQTT server that accepts every CONNECT and acknowledges every QoS 1 PUBLISH, doing nothing
 * else: the ceiling of the load generator (and of Netty + the MQTT codec) on this machine. PUBACKs
 * are flushed once per read batch. Not a broker: nothing is routed or stored.
 */
final class NullSink implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel server;
    final LongAdder publishes = new LongAdder();

    NullSink(String host, int port, int threads) throws InterruptedException {
        boss = Transport.group(1);
        workers = Transport.group(threads);
        server = new ServerBootstrap().group(boss, workers).channel(Transport.server())
                .option(ChannelOption.SO_BACKLOG, 8192)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE, new Acker());
                    }
                }).bind(host, port).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Acker extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!(msg instanceof MqttMessage m) || m.fixedHeader() == null) {
                    ctx.close();
                    return;
                }
                switch (m.fixedHeader().messageType()) {
                    case CONNECT -> {
                        MqttConnAckMessage ack = MqttMessageBuilders.connAck()
                                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(false).build();
                        ctx.write(ack);
                        if (!(m instanceof MqttConnectMessage)) {
                            ctx.close();
                        }
                    }
                    case PUBLISH -> {
                        publishes.increment();
                        MqttPublishMessage p = (MqttPublishMessage) m;
                        if (p.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                            ctx.write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 2),
                                    MqttMessageIdVariableHeader.from(p.variableHeader().packetId())));
                        }
                    }
                    case PINGREQ -> ctx.write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false,
                            MqttQoS.AT_MOST_ONCE, false, 0)));
                    case DISCONNECT -> ctx.close();
                    default -> {
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
