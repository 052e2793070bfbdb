package org.homeward.sim.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.ReferenceCountUtil;

/**
 * The two channels of one proxied TCP connection and their two {@link DelayLine}s. Bytes are copied
 * off the Netty buffer as soon as they are read, so nothing held during a delay is reference
 * counted. Both channels live on one event loop, so no state here is shared across threads.
 */
final class TcpRelay {
    static final String HANDLER = "impairment-relay";

    private final Channel device;
    private final LinkConditions link;
    private final long index;
    private Channel gateway;
    private DelayLine up;
    private DelayLine down;

    TcpRelay(Channel device, LinkConditions link, long index) {
        this.device = device;
        this.link = link;
        this.index = index;
    }

    Channel gateway() {
        return gateway;
    }

    ChannelInboundHandlerAdapter deviceSide() {
        return new Side(true);
    }

    ChannelInitializer<Channel> gatewaySide() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                gateway = ch;
                ch.pipeline().addLast(HANDLER, new Side(false));
            }
        };
    }

    /** Upstream is connected: build the delay lines and start reading both ways. */
    void start() {
        // Stream numbers distinct from the UDP sessions' (which use small non-negative numbers).
        up = new DelayLine(device, gateway, link, link.random(Long.MIN_VALUE / 2 + 2 * index), link.stats().tcpBytesUp);
        down = new DelayLine(gateway, device, link, link.random(Long.MIN_VALUE / 2 + 2 * index + 1),
                link.stats().tcpBytesDown);
        if (!device.isActive()) {
            gateway.close();
            return;
        }
        device.config().setAutoRead(true);
        gateway.config().setAutoRead(true);
    }

    private final class Side extends ChannelInboundHandlerAdapter {
        private final boolean fromDevice;

        Side(boolean fromDevice) {
            this.fromDevice = fromDevice;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                DelayLine line = fromDevice ? up : down;
                if (msg instanceof ByteBuf buf && line != null) {
                    byte[] data = new byte[buf.readableBytes()];
                    buf.readBytes(data);
                    line.offer(data);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            DelayLine line = fromDevice ? up : down;
            if (line != null) {
                line.offerClose();
            } else if (!fromDevice && device.isActive()) {
                device.close();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            DelayLine into = fromDevice ? down : up;
            if (into != null && ctx.channel().isWritable()) {
                into.resume();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
