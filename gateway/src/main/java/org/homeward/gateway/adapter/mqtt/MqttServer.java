package org.homeward.gateway.adapter.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.homeward.gateway.command.CommandOutbox;
import org.homeward.gateway.command.DeviceCommand;
import org.homeward.gateway.device.AuthBackoff;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.ingest.IngestService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 / 5 server adapter: a plain-TCP listener and, when enabled, a TLS listener.
 *
 * <p>Threading: {@link #start()} blocks until bound (call it at boot). {@link #closeDevice} and
 * {@link #publishCommand} are safe from any thread and never block; their work runs on the
 * device's event loop. The device event consumer is called on event loops and must not block.
 */
public final class MqttServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttServer.class);
    private static final byte ADMINISTRATIVE_ACTION = (byte) 0x98;
    private static final byte SERVER_SHUTTING_DOWN = (byte) 0x8B;
    static final String LISTENER_TCP = "mqtt";
    static final String LISTENER_TLS = "mqtt-tls";
    /**
     * One read-buffer sizing policy for every connection (Netty's default, adaptive): the policy is stateless
     * and each channel keeps its own handle, but left unset every channel config creates its own allocator
     * (32 B per idle connection, issue 14).
     */
    private static final AdaptiveRecvByteBufAllocator READ_SIZES = new AdaptiveRecvByteBufAllocator();

    private final AdapterContext context;
    private final NettyTransport transport;
    private final SslProvider tlsProvider;
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final CommandPublisher commandPublisher;
    private final UnauthenticatedSlots unauthenticated;
    private final List<Channel> listeners = new ArrayList<>();
    private final ChannelGroup connections = new DefaultChannelGroup("mqtt-connections", GlobalEventExecutor.INSTANCE);

    /** Bound ports; -1 for a listener that is not enabled. */
    public record Ports(int mqtt, int mqttTls) {
    }

    /**
     * @param deviceEvents receives CONNECTED, DISCONNECTED and OFFLINE_NOTICE events; must not block
     * @param transport    event loops and channel type; owned by the caller, closed after this server
     */
    public MqttServer(MqttSettings settings, IngestService ingest, DeviceDirectory directory,
                      Consumer<DeviceEvent> deviceEvents, MeterRegistry meters, Clock clock, NettyTransport transport) {
        this(settings, ingest, directory, deviceEvents, meters, clock, transport, AuthBackoff.NONE);
    }

    /**
     * With back-off after repeated authentication failures from one address: CONNECTs from an
     * address in back-off are refused (0x9F / 3.1.1 code 3) and counted as reason {@code backoff}.
     */
    public MqttServer(MqttSettings settings, IngestService ingest, DeviceDirectory directory,
                      Consumer<DeviceEvent> deviceEvents, MeterRegistry meters, Clock clock, NettyTransport transport,
                      AuthBackoff backoff) {
        this(settings, ingest, directory, deviceEvents, meters, clock, transport, backoff, SslProvider.JDK);
    }

    /**
     * With the TLS implementation of the TLS listener ({@code TlsProviders.resolve} picks it from
     * {@code tls.provider}): {@link SslProvider#JDK} or {@link SslProvider#OPENSSL} (netty-tcnative).
     */
    public MqttServer(MqttSettings settings, IngestService ingest, DeviceDirectory directory,
                      Consumer<DeviceEvent> deviceEvents, MeterRegistry meters, Clock clock, NettyTransport transport,
                      AuthBackoff backoff, SslProvider tlsProvider) {
        this(settings, ingest, directory, deviceEvents, meters, clock, transport, backoff, tlsProvider, CommandOutbox.NONE);
    }

    /**
     * With device commands: each newly queued command is sent at once to its device when that is
     * connected and subscribed to its commands topic, and the queued ones again whenever it
     * subscribes (after a reconnect), until they expire (see {@link CommandPublisher}).
     */
    public MqttServer(MqttSettings settings, IngestService ingest, DeviceDirectory directory,
                      Consumer<DeviceEvent> deviceEvents, MeterRegistry meters, Clock clock, NettyTransport transport,
                      AuthBackoff backoff, SslProvider tlsProvider, CommandOutbox commands) {
        this.tlsProvider = java.util.Objects.requireNonNull(tlsProvider, "tlsProvider");
        this.context = new AdapterContext(settings, ingest, directory, new SessionRegistry(), deviceEvents,
                new MqttMetrics(meters), clock, backoff, commands);
        this.transport = transport;
        this.commandPublisher = new CommandPublisher(context);
        this.unauthenticated = new UnauthenticatedSlots(settings.maxUnauthenticatedPerAddress(), context.metrics());
        directory.onDeactivated(deviceId -> closeDevice(deviceId, "deactivated"));
        commands.onQueued(this::sendCommand);
    }

    /** Sends a newly queued command now if its device is online; else it waits for the device's next SUBSCRIBE. */
    private void sendCommand(DeviceCommand command) {
        Channel ch = context.sessions().find(command.deviceId());
        MqttSession session = ch == null ? null : MqttSession.of(ch);
        if (session != null) {
            ch.eventLoop().execute(() -> commandPublisher.send(ch, session, command));
        }
    }

    /**
     * Binds the enabled listeners and returns their ports.
     *
     * @throws IllegalStateException when a port cannot be bound or the TLS files cannot be loaded
     */
    public synchronized Ports start() {
        MqttSettings s = context.settings();
        int tcp = s.enabled() ? bind(LISTENER_TCP, s.port(), null) : -1;
        int tls = s.tlsEnabled() ? bind(LISTENER_TLS, s.tlsPort(), TlsContexts.server(s, tlsProvider)) : -1;
        LOG.info("MQTT listening: tcp={} tls={} ({}, TLS by {})", tcp, tls, transport.isEpoll() ? "epoll" : "nio",
                tlsProvider == SslProvider.JDK ? "jdk" : "openssl");
        return new Ports(tcp, tls);
    }

    private int bind(String listener, int port, SslContext ssl) {
        MqttSettings s = context.settings();
        ConnectionLimiter limiter = new ConnectionLimiter(listener, connectionCount, s.maxConnections(), unauthenticated,
                context.metrics());
        ServerBootstrap b = new ServerBootstrap().group(transport.boss(), transport.workers())
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, READ_SIZES)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(s.writeBufferLowBytes(), s.writeBufferHighBytes()))
                .childHandler(new MqttChannelInitializer(context, listener, ssl, limiter, connections));
        try {
            Channel ch = b.bind(s.host(), port).syncUninterruptibly().channel();
            listeners.add(ch);
            return ((InetSocketAddress) ch.localAddress()).getPort();
        } catch (RuntimeException e) {
            throw new IllegalStateException("mqtt: cannot bind " + listener + " on " + s.host() + ":" + port, e);
        }
    }

    /**
     * Closes the device's live connection (revocation, reassignment). MQTT 5 clients get
     * DISCONNECT 0x98 Administrative action; the will is not published.
     *
     * @return false when the device has no live connection
     */
    public boolean closeDevice(String deviceId, String why) {
        Channel ch = context.sessions().find(deviceId);
        if (ch == null) {
            return false;
        }
        ch.eventLoop().execute(() -> MqttReplies.disconnect(ch, ADMINISTRATIVE_ACTION, why, true));
        return true;
    }

    /**
     * Sends raw bytes (QoS 1, or 0 if that is what the device was granted) to
     * {@code v1/devices/{id}/commands}. Best effort, no retry after a reconnect, no time-to-live:
     * nurses' commands go through the {@link CommandOutbox} given to the constructor instead.
     *
     * @return false when the device is not connected, not subscribed, or its channel is not writable
     */
    public boolean publishCommand(String deviceId, byte[] payload) {
        Channel ch = context.sessions().find(deviceId);
        MqttSession session = ch == null ? null : MqttSession.of(ch);
        if (session == null || session.commandsQos() < 0 || !ch.isWritable()) {
            return false;
        }
        byte[] copy = payload.clone();
        ch.eventLoop().execute(() -> {
            MqttQoS qos = MqttQoS.valueOf(session.commandsQos() < 0 ? 0 : session.commandsQos());
            ch.writeAndFlush(MqttMessageBuilders.publish().topicName(TopicRoute.commandsTopic(deviceId))
                    .qos(qos).retained(false).messageId(qos == MqttQoS.AT_MOST_ONCE ? 0 : session.nextPacketId())
                    .payload(Unpooled.wrappedBuffer(copy)).build());
        });
        return true;
    }

    /** Number of live device sessions. */
    public int sessionCount() {
        return context.sessions().size();
    }

    /**
     * Unbinds the listeners, then closes every connection (MQTT 5: DISCONNECT 0x8B Server shutting
     * down). Wills are not published: the gateway going away says nothing about the devices.
     * Waits up to five seconds.
     */
    @Override
    public synchronized void close() {
        for (Channel ch : listeners) {
            ch.close().syncUninterruptibly();
        }
        listeners.clear();
        for (Channel ch : connections) {
            ch.eventLoop().execute(() -> MqttReplies.disconnect(ch, SERVER_SHUTTING_DOWN, "server shutting down", true));
        }
        connections.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
