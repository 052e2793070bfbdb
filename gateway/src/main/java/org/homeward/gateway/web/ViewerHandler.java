package org.homeward.gateway.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The live-view side of an upgraded connection: heartbeats on a timer, drains when the channel
 * becomes writable again, answers pings, and honours two client messages, {@code {"type":"resync"}} and
 * {@code {"type":"credit","n":K}} (flow control, see {@link Viewer#grantCredit}). Other client text is
 * ignored (the view is push-only; commands go through the API with CSRF).
 */
final class ViewerHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Viewer viewer;
    private final Duration heartbeat;
    private ScheduledFuture<?> timer;

    ViewerHandler(Viewer viewer, Duration heartbeat) {
        this.viewer = viewer;
        this.heartbeat = heartbeat;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long ms = heartbeat.toMillis();
        timer = ctx.executor().scheduleAtFixedRate(viewer::heartbeat, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame) {
            ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(f -> ctx.close());
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof TextWebSocketFrame t && t.text().contains("\"resync\"")) {
            viewer.requestResync();
        } else if (frame instanceof TextWebSocketFrame t && t.text().contains("\"credit\"")) {
            long n = credit(t.text());
            if (n > 0) {
                viewer.grantCredit(n);
            }
        }
    }

    /** {@code {"type":"credit","n":K}} with 1 ≤ K ≤ 10,000; anything else is ignored (0). */
    static long credit(String text) {
        try {
            com.fasterxml.jackson.databind.JsonNode m = JsonViews.MAPPER.readTree(text);
            com.fasterxml.jackson.databind.JsonNode n = m.path("n");
            return "credit".equals(m.path("type").asText()) && n.canConvertToInt() && n.asInt() >= 1 && n.asInt() <= 10_000
                    ? n.asInt() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            viewer.scheduleDrain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
