package org.homeward.sim.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TCP half of the impairment proxy (MQTT): every accepted device connection gets its own
 * upstream connection to the gateway and a {@link DelayLine} per direction. Outages either stall the
 * byte streams ({@link TcpOutageMode#STALL}) or cut every connection at the outage start and refuse
 * new ones until it ends ({@link TcpOutageMode#DROP}). Reading from the device starts only once the
 * upstream connection is up.
 */
final class TcpProxy implements AutoCloseable {
    private final EventLoopGroup group;
    private final InetSocketAddress upstream;
    private final LinkConditions link;
    private final TcpOutageMode outageMode;
    private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicLong connections = new AtomicLong();
    private final Channel server;
    private volatile ScheduledFuture<?> outageTimer;

    TcpProxy(EventLoopGroup group, InetSocketAddress bind, InetSocketAddress upstream, LinkConditions link,
             TcpOutageMode outageMode) throws InterruptedException {
        this.group = group;
        this.upstream = upstream;
        this.link = link;
        this.outageMode = outageMode;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false).childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted(ch);
                    }
                }).bind(bind).sync().channel();
        if (outageMode == TcpOutageMode.DROP) {
            scheduleOutageCut();
        }
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    private void accepted(SocketChannel device) {
        link.stats().tcpAccepted.increment();
        device.closeFuture().addListener(f -> link.stats().tcpClosed.increment());
        if (outageMode == TcpOutageMode.DROP && link.inOutage()) {
            link.stats().tcpOutageDropped.increment();
            device.close();
            return;
        }
        open.add(device);
        long index = connections.getAndIncrement();
        TcpRelay relay = new TcpRelay(device, link, index);
        device.pipeline().addLast(TcpRelay.HANDLER, relay.deviceSide());
        new Bootstrap().group(device.eventLoop()).channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false).option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(relay.gatewaySide())
                .connect(upstream).addListener(f -> {
                    if (f.isSuccess()) {
                        open.add(relay.gateway());
                        relay.start();
                    } else if (!device.isActive()) {
                        link.stats().tcpUpstreamFailed.increment();
                    } else {
                        link.stats().tcpUpstreamFailed.increment();
                        device.close();
                    }
                });
    }

    private void scheduleOutageCut() {
        long next = link.outages().nextStartAfter(link.now());
        if (next < 0) {
            return;
        }
        outageTimer = group.next().schedule(() -> {
            int n = open.size();
            link.stats().tcpOutageDropped.add(n);
            open.close();
            scheduleOutageCut();
        }, Math.max(0, next - link.now()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        ScheduledFuture<?> t = outageTimer;
        if (t != null) {
            t.cancel(false);
        }
        server.close().syncUninterruptibly();
        open.close().syncUninterruptibly();
    }
}
