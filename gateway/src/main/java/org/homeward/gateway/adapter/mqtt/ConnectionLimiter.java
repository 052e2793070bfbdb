package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * First handler of every pipeline: counts open connections of one listener (the gauge) and of
 * all listeners together, and closes a connection beyond {@code maxConnections} before any TLS
 * or MQTT work is spent on it (counted as refused, reason {@code max_connections}). Every accepted
 * connection takes an {@link UnauthenticatedSlots unauthenticated slot} of its address until CONNECT
 * authenticates it (a full share closes the address's oldest unauthenticated connection).
 */
@Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private final String listener;
    private final AtomicInteger total;
    private final AtomicInteger ofListener;
    private final int max;
    private final MqttMetrics metrics;

    private final UnauthenticatedSlots slots;

    ConnectionLimiter(String listener, AtomicInteger total, int max, UnauthenticatedSlots slots, MqttMetrics metrics) {
        this.listener = listener;
        this.slots = slots;
        this.total = total;
        this.max = max;
        this.metrics = metrics;
        this.ofListener = metrics.connectionsGauge(listener);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (total.incrementAndGet() > max) {
            total.decrementAndGet();
            metrics.refused(listener, "max_connections");
            ctx.close();
            return;
        }
        Channel channel = ctx.channel();
        if (channel.remoteAddress() instanceof InetSocketAddress remote) {
            slots.take(channel, remote.getAddress(), listener);
        }
        ofListener.incrementAndGet();
        // decrement exactly once, whoever closes the channel
        channel.closeFuture().addListener(f -> {
            UnauthenticatedSlots.release(channel);
            ofListener.decrementAndGet();
            total.decrementAndGet();
        });
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }
}
