package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * First handler of every pipeline: counts open connections of one listener (the gauge) and of
 * all listeners together, and closes a connection beyond {@code maxConnections} before any TLS
 * or MQTT work is spent on it (counted as refused, reason {@code max_connections}).
 */
@Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private final String listener;
    private final AtomicInteger total;
    private final AtomicInteger ofListener;
    private final int max;
    private final MqttMetrics metrics;

    ConnectionLimiter(String listener, AtomicInteger total, int max, MqttMetrics metrics) {
        this.listener = listener;
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
        ofListener.incrementAndGet();
        // decrement exactly once, whoever closes the channel
        ctx.channel().closeFuture().addListener(f -> {
            ofListener.decrementAndGet();
            total.decrementAndGet();
        });
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }
}
