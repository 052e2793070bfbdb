package org.homeward.gateway.web;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies each aggregated request off Netty's buffers, hands it to {@link WebApp} (or to
 * {@link LiveUpgrade} for {@code /ws}) and writes the answer back on this channel's event loop.
 * Reading pauses while a request is answered, so responses keep request order and a client
 * cannot pile up work.
 */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRequestHandler.class);

    private final WebApp app;
    private final LiveUpgrade upgrade;
    private final ResponseWriter writer;
    /** Requests read but not yet answered, oldest first; event loop only. */
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();

    private record Pending(CompletableFuture<WebResponse> response, boolean keepAlive, boolean head) {
    }

    HttpRequestHandler(WebApp app, LiveUpgrade upgrade, ResponseWriter writer) {
        this.app = app;
        this.upgrade = upgrade;
        this.writer = writer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (req.decoderResult().isFailure()) {
            writer.write(ctx, WebResponse.error(HttpResponseStatus.BAD_REQUEST, "malformed", "malformed HTTP request")
                    .withRoute("malformed"), false, false);
            return;
        }
        WebRequest w = copy(ctx, req);
        if (w.path().equals(LiveUpgrade.PATH)) {
            FullHttpRequest bare = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
                    Unpooled.EMPTY_BUFFER, w.headers(), new DefaultHttpHeaders());
            upgrade.upgrade(ctx, w, bare);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        CompletableFuture<WebResponse> f;
        try {
            f = app.handle(w);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        Pending p = new Pending(f, keepAlive, w.method().equals("HEAD"));
        inFlight.addLast(p);
        f.whenComplete((r, e) -> ctx.executor().execute(() -> writeReady(ctx)));
    }

    /** Event loop: writes finished responses in request order (HTTP/1.1 pipelining keeps order). */
    private void writeReady(ChannelHandlerContext ctx) {
        while (!inFlight.isEmpty() && inFlight.peekFirst().response().isDone()) {
            Pending p = inFlight.pollFirst();
            WebResponse out;
            try {
                out = p.response().join();
            } catch (RuntimeException e) {
                LOG.warn("request failed", e);
                out = WebResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "internal error")
                        .withRoute("error");
            }
            writer.write(ctx, out, p.keepAlive(), p.head());
        }
        if (inFlight.isEmpty()) {
            ctx.channel().config().setAutoRead(true);
        }
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
        LOG.debug("HTTP connection error", cause);
        ctx.close();
    }

    private static WebRequest copy(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        HttpHeaders headers = new DefaultHttpHeaders().set(req.headers());
        byte[] body = ByteBufUtil.getBytes(req.content());
        String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress isa
                ? isa.getAddress().getHostAddress() : "unknown";
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        return new WebRequest(req.method().name(), q.path(), q.parameters(), headers, body, remote, tls);
    }
}
