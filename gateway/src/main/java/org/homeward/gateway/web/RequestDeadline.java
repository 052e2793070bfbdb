package org.homeward.gateway.web;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A whole request (headers and body) must arrive within {@code timeout} of its first byte, or of the
 * connection's start for the first one; otherwise the connection is closed and counted in
 * {@code homeward.http.connections.refused{reason="request_timeout"}}. The idle time-out alone let a
 * client sending one byte every 20 s hold a connection forever (issue 15, slow HTTP). Between
 * requests only the idle time-out applies; after a WebSocket upgrade the deadline is removed.
 *
 * <p>Two handlers per connection share the state: {@link #bytesIn()} goes before the HTTP codec
 * (any inbound bytes start the clock), {@link #requestIn()} after the aggregator (a complete
 * request stops it). Threading: one event loop per connection; not shared.
 */
final class RequestDeadline {
    private final long timeoutMillis;
    private final Counter timedOut;
    private ScheduledFuture<?> armed;
    private boolean waitingForRequest = true;

    RequestDeadline(Duration timeout, Counter timedOut) {
        this.timeoutMillis = timeout.toMillis();
        this.timedOut = timedOut;
    }

    private void arm(ChannelHandlerContext ctx) {
        if (armed == null) {
            armed = ctx.executor().schedule(() -> {
                timedOut.increment();
                ctx.channel().close();
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void disarm() {
        if (armed != null) {
            armed.cancel(false);
            armed = null;
        }
    }

    /** Before the codec: the connection's start and the first bytes of a request start the clock. */
    ChannelDuplexHandler bytesIn() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                arm(ctx);
                ctx.fireChannelActive();
            }

            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                if (ctx.channel().isActive()) {
                    arm(ctx);
                }
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (waitingForRequest) {
                    waitingForRequest = false;
                    arm(ctx);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                disarm();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                disarm();
                ctx.fireChannelInactive();
            }
        };
    }

    /** After the aggregator: a complete request stops the clock until the next one starts. */
    ChannelInboundHandlerAdapter requestIn() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof FullHttpRequest) {
                    disarm();
                    waitingForRequest = true;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }
}
