package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;

/**
 * The pipeline of one listener. Order, head to tail:
 * <ol>
 * <li>{@link #CONNECTION_LIMIT} first, so a connection over the limit costs no TLS handshake (it
 *     removes itself once the connection is counted: an idle connection carries no handler it
 *     does not need);</li>
 * <li>{@link #SSL} (TLS listener only) before anything that reads MQTT bytes;</li>
 * <li>{@link #CONNECT_TIMEOUT}, removed once CONNECT succeeds; from then on the keep-alive is
 *     watched by a {@link KeepAliveSweeper} shared by the listener (no timer per connection);</li>
 * <li>{@link #DECODER} with the packet size limit (checked from the fixed header, before the
 *     payload is buffered), then {@link #ENCODER}: outbound writes from the handlers below
 *     pass through it on their way to the socket;</li>
 * <li>{@link #PROTOCOL} last, one {@link MqttProtocolHandler} shared by the listener's connections:
 *     decoder failures first (no malformed message reaches protocol logic), then CONNECT (nothing passes
 *     before a successful one), PUBLISH/PUBREL, the remaining packets, events and errors, so none
 *     escape the pipeline.</li>
 * </ol>
 * An idle authenticated connection thus carries three handler contexts (decoder, encoder, protocol).
 */
final class MqttChannelInitializer extends ChannelInitializer<Channel> {
    static final String CONNECTION_LIMIT = "connection-limit";
    static final String SSL = "ssl";
    static final String CONNECT_TIMEOUT = "connect-timeout";
    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String PROTOCOL = "mqtt";

    /** Client ids are only labels here (the device id comes from the credentials); bound their size. */
    private static final int MAX_CLIENT_ID_LENGTH = 256;

    private final AdapterContext context;
    private final SslContext ssl;
    private final ConnectionLimiter limiter;
    private final MqttProtocolHandler protocol;
    private final ChannelGroup all;

    /**
     * @param ssl null for the plain-TCP listener
     * @param all every open connection, so the server can close them on shutdown
     */
    MqttChannelInitializer(AdapterContext context, String listener, SslContext ssl, ConnectionLimiter limiter,
                           ChannelGroup all) {
        this.all = all;
        this.context = context;
        this.ssl = ssl;
        this.limiter = limiter;
        this.protocol = new MqttProtocolHandler(context, listener, new KeepAliveSweeper());
    }

    @Override
    protected void initChannel(Channel ch) {
        all.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast(CONNECTION_LIMIT, limiter);
        if (ssl != null) {
            p.addLast(SSL, ssl.newHandler(ch.alloc()));
        }
        p.addLast(CONNECT_TIMEOUT, new ConnectTimeoutHandler(context.settings().connectTimeout(), context.metrics()));
        p.addLast(DECODER, new MqttDecoder(context.settings().maxPacketBytes(), MAX_CLIENT_ID_LENGTH));
        p.addLast(ENCODER, MqttEncoder.INSTANCE);
        p.addLast(PROTOCOL, protocol);
    }
}
