package org.homeward.sim.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The UDP half of the impairment proxy (CoAP / DTLS): one listening socket for the devices, one
 * {@link UdpSession} (own upstream socket, own random streams) per device address. Everything runs on
 * the listening channel's single event loop, so sessions need no locks. Sessions idle for
 * {@link #IDLE_NANOS} are closed; at most {@code maxSessions} at once, further device addresses are
 * refused and counted.
 */
final class UdpProxy implements AutoCloseable {
    static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final int SOCKET_BUFFER = 4 << 20;

    private final InetSocketAddress upstream;
    private final LinkConditions link;
    private final int maxSessions;
    private final Map<InetSocketAddress, UdpSession> sessions = new HashMap<>();
    private final Channel listen;
    private final ScheduledFuture<?> sweeper;
    private long nextIndex;

    UdpProxy(EventLoopGroup group, InetSocketAddress bind, InetSocketAddress upstream, LinkConditions link,
             int maxSessions) throws InterruptedException {
        this.upstream = upstream;
        this.link = link;
        this.maxSessions = maxSessions;
        this.listen = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER).option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                        byte[] data = new byte[msg.content().readableBytes()];
                        msg.content().readBytes(data);
                        fromDevice(msg.sender(), data);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        link.stats().udpSendErrors.increment();
                    }
                }).bind(bind).sync().channel();
        this.sweeper = listen.eventLoop().scheduleAtFixedRate(this::sweep, 30, 30, TimeUnit.SECONDS);
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) listen.localAddress();
    }

    private void fromDevice(InetSocketAddress sender, byte[] data) {
        UdpSession s = sessions.get(sender);
        if (s == null) {
            if (sessions.size() >= maxSessions) {
                link.stats().udpSessionsRefused.increment();
                return;
            }
            s = new UdpSession(listen, sender, upstream, link, nextIndex++);
            s.open();
            sessions.put(sender, s);
            link.stats().udpSessions.increment();
        }
        s.fromDevice(data);
    }

    private void sweep() {
        long now = System.nanoTime();
        sessions.values().removeIf(s -> {
            boolean idle = now - s.lastActive > IDLE_NANOS;
            if (idle) {
                s.close();
            }
            return idle;
        });
    }

    /** Forces a rebinding of every session now (tests and the CLI's demo); runs on the event loop. */
    void rebindAll() {
        listen.eventLoop().execute(() -> sessions.values().forEach(UdpSession::rebindNow));
    }

    @Override
    public void close() {
        sweeper.cancel(false);
        listen.eventLoop().execute(() -> {
            sessions.values().forEach(UdpSession::close);
            sessions.clear();
        });
        listen.close().syncUninterruptibly();
    }
}
