package org.homeward.gateway.web;

import org.homeward.gateway.audit.AuditTrail;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.metrics.Meters;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener: nurse view, JSON API, live WebSocket, {@code /metrics}, {@code /health}.
 *
 * <p>Threading: {@link #start()} and {@link #close()} are called by the composition root, once
 * each; requests run on the server's own event loops, password checks on a small bounded pool.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final int AUTH_THREADS = 2;
    private static final int AUTH_QUEUE = 128;
    private static final int ADMIN_QUEUE = 32;

    private final HttpSettings settings;
    private final HttpInitializer initializer;
    private final ThreadPoolExecutor authPool;
    private final ThreadPoolExecutor adminPool;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel server;

    /** The server over its named parts (the composition root's way to build it). */
    public HttpServer(WebParts p) {
        this(p, new Sessions(p.settings().sessionTtl(), p.settings().sessionIdle(), p.settings().maxSessions(),
                p.clock()));
    }

    /**
     * Cluster mode: sessions are signed with a key derived from the cluster's {@code masterKey}, so a
     * session started on any node is accepted here (see {@link Sessions} for the limits).
     */
    public HttpServer(WebParts p, byte[] masterKey) {
        this(p, new Sessions(p.settings().sessionTtl(), p.settings().sessionIdle(), p.settings().maxSessions(),
                p.clock(), new SessionTokens(masterKey)));
    }

    /** With a given session table: tests keep sign-ins across a restart of the listener. */
    HttpServer(WebParts p, Sessions sessions) {
        HttpSettings settings = p.settings();
        MeterRegistry registry = p.registry();
        Clock clock = p.clock();
        AuditTrail audit = p.audit();
        SslContext tls = p.tls();
        this.settings = settings;
        this.adminPool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(ADMIN_QUEUE), r -> {
            Thread t = new Thread(r, "http-admin");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.authPool = new ThreadPoolExecutor(AUTH_THREADS, AUTH_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(AUTH_QUEUE), r -> {
                    Thread t = new Thread(r, "http-auth");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        sessions.endWhenNotCurrent(p.users()::isCurrent);
        ResponseWriter writer = new ResponseWriter(registry);
        Authenticator auth = new Authenticator(p.users(), sessions, new LoginThrottle(settings.loginFailuresPerMinute(), clock),
                authPool, settings.secureCookies() || tls != null, registry, audit);
        List<Route> routes = new ArrayList<>(new ApiRoutes(p.query(), p.commands(), clock, settings.maxShelveMinutes(), audit).routes());
        if (p.deviceCommands() != null) {
            routes.addAll(new CommandRoutes(p.query(), p.deviceCommands(), clock, audit).routes());
            if (p.hub() != null) {
                p.deviceCommands().onChange(p.hub()::onCommand);
            }
        }
        if (p.admin() != null) {
            routes.addAll(new AdminRoutes(p.admin(), adminPool, sessions, audit, clock).routes());
        }
        WebApp app = new WebApp(auth, routes,
                new StaticFiles(), p.scrape(), p.health(), settings.metricsRequireAuth());
        LiveUpgrade upgrade = new LiveUpgrade(app, p.hub(), writer, settings.heartbeatInterval(), audit);
        this.initializer = new HttpInitializer(app, upgrade, writer, settings.maxBodyBytes(), settings.idleTimeout(), tls,
                new HttpConnectionCaps(settings.maxConnections(), settings.maxConnectionsPerAddress(), registry),
                settings.requestTimeout(), io.micrometer.core.instrument.Counter.builder(Meters.HTTP_CONNECTIONS_REFUSED)
                        .tag("reason", "request_timeout").register(registry));
    }

    /** Binds and returns the bound port (useful with port 0). Fails if the port cannot be bound. */
    public synchronized int start() throws InterruptedException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap().group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                .childHandler(initializer);
        if (settings.socketSendBufferBytes() > 0) {
            b.childOption(ChannelOption.SO_SNDBUF, settings.socketSendBufferBytes());
        }
        try {
            server = b.bind(new InetSocketAddress(settings.bindAddress(), settings.port())).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownGroups();
            throw e;
        }
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        LOG.info("HTTP listening on {}:{}", settings.bindAddress(), port);
        return port;
    }

    /** Stops listening, closes every connection (viewers see the link drop) and waits briefly. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            server = null;
        }
        shutdownGroups();
        authPool.shutdownNow();
        adminPool.shutdownNow();
    }

    private void shutdownGroups() {
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            workers = null;
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            boss = null;
        }
    }
}
