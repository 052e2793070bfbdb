package org.homeward.gateway.web;

import org.homeward.gateway.audit.AuditTrail;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.URI;
import java.time.Duration;

/**
 * Upgrades {@code GET /ws} to a WebSocket once the caller is authenticated (session cookie or
 * Basic) and, for browsers, the Origin is this server (cross-site WebSocket hijacking). The
 * handshake follows Netty's websocketx example: this handler is replaced by a
 * {@link ViewerHandler} and the viewer is attached to the {@link LiveHub}.
 */
final class LiveUpgrade {
    static final String PATH = "/ws";
    private static final int MAX_FRAME = 16 * 1024;

    private final WebApp app;
    private final LiveHub hub;
    private final ResponseWriter writer;
    private final Duration heartbeat;

    private final AuditTrail audit;

    LiveUpgrade(WebApp app, LiveHub hub, ResponseWriter writer, Duration heartbeat, AuditTrail audit) {
        this.audit = audit;
        this.app = app;
        this.hub = hub;
        this.writer = writer;
        this.heartbeat = heartbeat;
    }

    void upgrade(ChannelHandlerContext ctx, WebRequest w, FullHttpRequest bare) {
        ctx.channel().config().setAutoRead(false);
        app.authenticate(w).whenComplete((result, e) -> ctx.executor().execute(() -> {
            ctx.channel().config().setAutoRead(true);
            WebResponse refusal = refusal(w, result, e);
            if (refusal != null) {
                writer.write(ctx, refusal.withRoute(PATH), false, false);
                return;
            }
            audit.record(result.caller().get().user().name(), "view.live", java.util.Map.of("scope", "all-patients"));
            handshake(ctx, w, bare, result.caller().get());
        }));
    }

    private WebResponse refusal(WebRequest w, Authenticator.Result result, Throwable e) {
        if (e != null) {
            return WebResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "internal error");
        }
        if (result.refusal() != null) {
            return Authenticator.refusal(result);
        }
        if (result.caller().isEmpty()) {
            return WebResponse.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "sign in required");
        }
        if (!result.caller().get().user().mayCare() || !sameOrigin(w)) {
            return WebResponse.error(HttpResponseStatus.FORBIDDEN, "forbidden", "not allowed");
        }
        return null;
    }

    private void handshake(ChannelHandlerContext ctx, WebRequest w, FullHttpRequest bare, Caller caller) {
        String host = w.header("Host") == null ? "localhost" : w.header("Host");
        String url = (w.tls() ? "wss://" : "ws://") + host + PATH;
        WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(url, null, false, MAX_FRAME)
                .newHandshaker(bare);
        if (hs == null) {
            writer.count(PATH, 426);
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        writer.count(PATH, 101);
        Sessions sessions = app.sessions();
        hs.handshake(ctx.channel(), bare).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            Viewer viewer = hub.attach(ctx.channel(), caller.session(), sessions);
            ctx.pipeline().replace(ctx.handler(), HttpInitializer.LIVE_VIEWER, new ViewerHandler(viewer, heartbeat));
            // a live view is long-lived: only the idle time-out and the heartbeat apply from here
            for (String name : new String[] {HttpInitializer.DEADLINE, HttpInitializer.DEADLINE_DONE}) {
                if (ctx.pipeline().get(name) != null) {
                    ctx.pipeline().remove(name);
                }
            }
        });
    }

    private static boolean sameOrigin(WebRequest w) {
        String origin = w.header("Origin");
        if (origin == null) {
            return true; // not a browser
        }
        try {
            URI o = URI.create(origin);
            String host = w.header("Host");
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host != null && (host.equalsIgnoreCase(authority) || host.equalsIgnoreCase(o.getHost()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
