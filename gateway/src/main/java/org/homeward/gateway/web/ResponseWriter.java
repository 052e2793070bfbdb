package org.homeward.gateway.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import org.homeward.gateway.metrics.Meters;

/**
 * Writes a {@link WebResponse} with the security headers every response carries, and counts it
 * in {@link Meters#HTTP_REQUESTS} by route template and status class. Event loop only.
 */
final class ResponseWriter {
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private final MeterRegistry registry;

    ResponseWriter(MeterRegistry registry) {
        this.registry = registry;
    }

    void write(ChannelHandlerContext ctx, WebResponse r, boolean keepAlive, boolean head) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status(),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Content-Security-Policy", CSP);
        for (Map.Entry<String, String> e : r.headers()) {
            if (HttpHeaderNames.CACHE_CONTROL.contentEqualsIgnoreCase(e.getKey())) {
                h.set(HttpHeaderNames.CACHE_CONTROL, e.getValue()); // a response may relax the no-store default
            } else {
                h.add(e.getKey(), e.getValue());
            }
        }
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        count(r.route(), r.status().code());
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    void count(String route, int status) {
        registry.counter(Meters.HTTP_REQUESTS, "route", route == null || route.isEmpty() ? "unmatched" : route,
                "status", (status / 100) + "xx").increment();
    }
}
