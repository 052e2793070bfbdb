package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not completed CONNECT within the connect timeout, however many
 * bytes it trickles in (a reader-idle timer would let a slow sender live forever). The connect
 * handler removes this handler once the session is established; removal cancels the timer.
 */
final class ConnectTimeoutHandler extends ChannelInboundHandlerAdapter {
    private final Duration timeout;
    private final MqttMetrics metrics;
    private ScheduledFuture<?> timer;

    ConnectTimeoutHandler(Duration timeout, MqttMetrics metrics) {
        this.timeout = timeout;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            schedule(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        schedule(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void schedule(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> expire(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            metrics.protocolError("connect_timeout");
            ctx.close();
        }
    }
}
