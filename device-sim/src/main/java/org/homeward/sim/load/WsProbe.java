package org.homeward.sim.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A nurse-view client on the gateway's live WebSocket ({@code /ws}, HTTP Basic at the upgrade). For
 * every {@code patient} (or {@code snapshot}) message it looks up the reading time of the patient's
 * latest temperature in the {@link SendLog}; a match records device send → visible on the
 * WebSocket into {@link FleetStats#liveLatency}. Runs on its own single event loop thread.
 */
final class WsProbe implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventLoopGroup group = Transport.group(1);
    private final SendLog sendLog;
    private final FleetStats stats;
    private Channel channel;
    final LongAdder patientMessages = new LongAdder();
    final LongAdder matched = new LongAdder();

    WsProbe(SendLog sendLog, FleetStats stats) {
        this.sendLog = sendLog;
        this.stats = stats;
    }

    /** Connects and completes the upgrade; fails on 401/403 or after {@code timeoutMillis}. */
    void connect(URI uri, String user, String password, long timeoutMillis) throws Exception {
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.AUTHORIZATION, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        WebSocketClientProtocolConfig cfg = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri)
                .customHeaders(headers).maxFramePayloadLength(1 << 24).handshakeTimeoutMillis(timeoutMillis).build();
        CompletableFuture<Void> upgraded = new CompletableFuture<>();
        channel = new Bootstrap().group(group).channel(Transport.socket()).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                        new WebSocketClientProtocolHandler(cfg), new WebSocketFrameAggregator(1 << 24), new Reader(upgraded));
            }
        }).connect(uri.getHost(), uri.getPort()).sync().channel();
        channel.closeFuture().addListener(f -> upgraded.completeExceptionally(new IOException("WebSocket closed")));
        upgraded.get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Handles one text message; public for tests through {@link #onText(String, long)}. */
    void onText(String text, long receivedNanos) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        String type = root.path("type").asText();
        if ("patient".equals(type)) {
            patientMessages.increment();
            match(root.path("patient"), receivedNanos);
        } else if ("snapshot".equals(type)) {
            for (JsonNode p : root.path("patients")) {
                match(p, receivedNanos);
            }
        }
    }

    private void match(JsonNode patient, long receivedNanos) {
        long at = patient.path("latest").path("temp").path("atMillis").asLong(0);
        long sent = at == 0 ? -1 : sendLog.match(patient.path("pseudonym").asText(), at);
        if (sent > 0) {
            matched.increment();
            FleetStats.record(stats.liveLatency, receivedNanos - sent);
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Reader extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final CompletableFuture<Void> upgraded;

        Reader(CompletableFuture<Void> upgraded) {
            this.upgraded = upgraded;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                upgraded.complete(null);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            onText(frame.text(), System.nanoTime());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            upgraded.completeExceptionally(cause);
            ctx.close();
        }
    }
}
