package org.homeward.sim.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One device address seen by the UDP proxy: its own upstream socket towards the gateway (what a
 * carrier NAT mapping is), seeded delay/loss per direction, and the rebinding timer that replaces
 * the upstream socket with one on a new source port. Confined to the proxy's event loop.
 */
final class UdpSession {
    /** A limit, not an allocation: room for a few thousand small datagrams while the loop is busy. */
    private static final int SOCKET_BUFFER = 1 << 20;
    private final Channel listen;
    private final InetSocketAddress device;
    private final InetSocketAddress upstream;
    private final LinkConditions link;
    private final LinkRandom up;
    private final LinkRandom down;
    private final LinkRandom rebind;
    private Channel current;
    private ChannelFuture currentConnect;
    private ScheduledFuture<?> rebindTimer;
    private boolean closed;
    long lastActive = System.nanoTime();

    UdpSession(Channel listen, InetSocketAddress device, InetSocketAddress upstream, LinkConditions link, long index) {
        this.listen = listen;
        this.device = device;
        this.upstream = upstream;
        this.link = link;
        this.up = link.random(3 * index);
        this.down = link.random(3 * index + 1);
        this.rebind = link.random(3 * index + 2);
    }

    /** Opens the first upstream socket and arms rebinding. */
    void open() {
        currentConnect = connect();
        current = currentConnect.channel();
        scheduleRebind();
    }

    /** A datagram from the device: outage, loss, then delayed send from the current mapping. */
    void fromDevice(byte[] data) {
        lastActive = System.nanoTime();
        link.stats().udpUpIn.increment();
        if (link.inOutage()) {
            link.stats().udpOutageDropped.increment();
        } else if (up.lost()) {
            link.stats().udpUpLost.increment();
        } else {
            listen.eventLoop().schedule(() -> sendUp(data), up.delayNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void sendUp(byte[] data) {
        if (closed) {
            return;
        }
        // The mapping in force when the datagram leaves the radio link is the one the gateway sees.
        Channel via = current;
        if (currentConnect.isDone()) {
            write(via, data);
        } else {
            currentConnect.addListener(f -> write(via, data));
        }
    }

    private void write(Channel via, byte[] data) {
        via.writeAndFlush(Unpooled.wrappedBuffer(data)).addListener(f -> count(f.isSuccess(), true));
    }

    private void fromGateway(Channel via, byte[] data) {
        if (via != current) {
            return; // a reply to a mapping the NAT already dropped
        }
        link.stats().udpDownIn.increment();
        if (link.inOutage()) {
            link.stats().udpOutageDropped.increment();
        } else if (down.lost()) {
            link.stats().udpDownLost.increment();
        } else {
            listen.eventLoop().schedule(() -> {
                if (!closed) {
                    listen.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(data), device))
                            .addListener(f -> count(f.isSuccess(), false));
                }
            }, down.delayNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void count(boolean ok, boolean upwards) {
        if (!ok) {
            link.stats().udpSendErrors.increment();
        } else if (upwards) {
            link.stats().udpUpOut.increment();
        } else {
            link.stats().udpDownOut.increment();
        }
    }

    private void scheduleRebind() {
        if (link.profile().rebindEvery() == null || closed) {
            return;
        }
        long gap = Math.max(1, rebind.exponentialNanos(link.profile().rebindEvery().toNanos()));
        rebindTimer = listen.eventLoop().schedule(this::rebindNow, gap, TimeUnit.NANOSECONDS);
    }

    /** Replaces the upstream socket by one on a new source port; the old mapping is gone at once. */
    void rebindNow() {
        if (closed) {
            return;
        }
        Channel old = current;
        currentConnect = connect();
        current = currentConnect.channel();
        old.close();
        link.stats().rebinds.increment();
        scheduleRebind();
    }

    private ChannelFuture connect() {
        return new Bootstrap().group(listen.eventLoop()).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                        byte[] data = new byte[msg.content().readableBytes()];
                        msg.content().readBytes(data);
                        fromGateway(ctx.channel(), data);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // ICMP port unreachable on a connected socket: the gateway is not listening (yet).
                        link.stats().udpSendErrors.increment();
                    }
                }).connect(upstream);
    }

    /** Upstream address currently used (tests). */
    InetSocketAddress currentSource() {
        return (InetSocketAddress) current.localAddress();
    }

    void close() {
        closed = true;
        if (rebindTimer != null) {
            rebindTimer.cancel(false);
        }
        if (current != null) {
            current.close();
        }
    }
}
