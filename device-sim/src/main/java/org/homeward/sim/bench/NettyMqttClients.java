package org.homeward.sim.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import org.homeward.sim.transport.DeviceLink;
import org.homeward.sim.transport.LinkSettings;

/**
 * Load-test MQTT 3.1.1 clients on Netty's codec: thousands of connections share a couple of event
 * loops (Paho needs three threads per client). Only for {@code bench}: no reconnect, no offline
 * buffer. Close after the links.
 */
public final class NettyMqttClients implements AutoCloseable {
    private static final String DECODER = "mqttDecoder";
    private static final String ENCODER = "mqttEncoder";
    private static final String HANDLER = "benchConnection";

    private final EventLoopGroup group;

    public NettyMqttClients(int threads) {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /** A new, not yet started link. */
    public DeviceLink create(LinkSettings s) {
        NettyMqttLink link = new NettyMqttLink(s);
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // inbound: bytes -> MqttMessage -> handler; outbound: MqttMessage -> bytes
                        ch.pipeline().addLast(DECODER, new MqttDecoder());
                        ch.pipeline().addLast(ENCODER, MqttEncoder.INSTANCE);
                        ch.pipeline().addLast(HANDLER, link.handler());
                    }
                });
        link.bootstrap(b);
        return link;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
