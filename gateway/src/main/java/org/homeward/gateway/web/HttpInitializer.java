package org.homeward.gateway.web;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP listener's pipeline. Order matters:
 * <ol>
 *   <li>{@link #CAPS}: connection caps per listener and per address, before any other work;</li>
 *   <li>{@link #DEADLINE}: a request must be complete within the request time-out of its first byte;</li>
 *   <li>{@link #TLS}: only when HTTPS is on; decrypts before anything else sees a byte;</li>
 *   <li>{@link #IDLE}: first, so any inbound bytes (requests, WebSocket pongs) count as activity;</li>
 *   <li>{@link #CODEC}: bytes ⇄ HTTP messages (replaced by WebSocket codecs on upgrade);</li>
 *   <li>{@link #AGGREGATOR}: one full request with a body limit (413 above it; removed on upgrade);</li>
 *   <li>{@link #REQUESTS}: authentication, routing, the upgrade to {@link #LIVE_VIEWER}.</li>
 * </ol>
 */
final class HttpInitializer extends ChannelInitializer<SocketChannel> {
    static final String CAPS = "caps";
    static final String DEADLINE = "deadline";
    static final String DEADLINE_DONE = "deadline-done";
    static final String TLS = "tls";
    static final String IDLE = "idle";
    static final String CODEC = "http-codec";
    static final String AGGREGATOR = "aggregator";
    static final String REQUESTS = "requests";
    static final String LIVE_VIEWER = "live-viewer";

    private final WebApp app;
    private final LiveUpgrade upgrade;
    private final ResponseWriter writer;
    private final int maxBodyBytes;
    private final Duration idle;
    private final SslContext tls;
    private final HttpConnectionCaps caps;
    private final Duration requestTimeout;
    private final Counter requestTimedOut;

    HttpInitializer(WebApp app, LiveUpgrade upgrade, ResponseWriter writer, int maxBodyBytes, Duration idle,
                    SslContext tls, HttpConnectionCaps caps, Duration requestTimeout, Counter requestTimedOut) {
        this.caps = caps;
        this.requestTimeout = requestTimeout;
        this.requestTimedOut = requestTimedOut;
        this.tls = tls;
        this.app = app;
        this.upgrade = upgrade;
        this.writer = writer;
        this.maxBodyBytes = maxBodyBytes;
        this.idle = idle;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        RequestDeadline deadline = new RequestDeadline(requestTimeout, requestTimedOut);
        p.addLast(CAPS, caps);
        p.addLast(DEADLINE, deadline.bytesIn());
        if (tls != null) {
            p.addLast(TLS, tls.newHandler(ch.alloc()));
        }
        p.addLast(IDLE, new IdleStateHandler(idle.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast(CODEC, new HttpServerCodec());
        p.addLast(AGGREGATOR, new BodyLimitAggregator(maxBodyBytes, writer));
        p.addLast(DEADLINE_DONE, deadline.requestIn());
        p.addLast(REQUESTS, new HttpRequestHandler(app, upgrade, writer));
    }
}
