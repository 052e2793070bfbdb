package org.homeward.sim.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A network impairment proxy between simulated devices and the gateway: TCP (MQTT) and/or UDP
 * (CoAP/DTLS) listeners that forward to the gateway with the delay, jitter, loss, outages and NAT
 * rebinding of a {@link NetProfile}, all from one seed. Start with {@link #start(Settings)}; every
 * method is thread-safe; {@link #close()} releases the sockets and threads (blocking, bounded).
 */
public final class ImpairmentProxy implements AutoCloseable {
    /**
     * @param listenTcp   where devices connect for MQTT (port 0 = any free); null = no TCP listener
     * @param upstreamTcp the gateway's MQTT address
     * @param listenUdp   where devices send CoAP/DTLS (port 0 = any free); null = no UDP listener
     * @param upstreamUdp the gateway's CoAP/DTLS address
     * @param profile     the link; see {@link NetProfiles}
     * @param seed        every random decision derives from it
     * @param tcpOutage   stall (default) or drop connections during outages
     * @param maxUdpSessions device addresses tracked at once (default 20,000); more are refused, counted
     * @param threads     event-loop threads (default 1; the UDP side always uses one)
     */
    public record Settings(InetSocketAddress listenTcp, InetSocketAddress upstreamTcp, InetSocketAddress listenUdp,
                           InetSocketAddress upstreamUdp, NetProfile profile, long seed, TcpOutageMode tcpOutage,
                           int maxUdpSessions, int threads) {
        public Settings {
            if ((listenTcp == null) != (upstreamTcp == null) || (listenUdp == null) != (upstreamUdp == null)) {
                throw new IllegalArgumentException("each listener needs its upstream and vice versa");
            }
            if (listenTcp == null && listenUdp == null) {
                throw new IllegalArgumentException("nothing to proxy: give a TCP and/or a UDP listener");
            }
            if (profile == null || tcpOutage == null || maxUdpSessions < 1 || threads < 1) {
                throw new IllegalArgumentException("profile, tcpOutage, maxUdpSessions >= 1 and threads >= 1 are required");
            }
        }

        /** Defaults: stall on outages, 20,000 UDP sessions, one thread. */
        public static Settings of(InetSocketAddress listenTcp, InetSocketAddress upstreamTcp, InetSocketAddress listenUdp,
                                  InetSocketAddress upstreamUdp, NetProfile profile, long seed) {
            return new Settings(listenTcp, upstreamTcp, listenUdp, upstreamUdp, profile, seed, TcpOutageMode.STALL,
                    20_000, 1);
        }
    }

    private final EventLoopGroup group;
    private final ProxyStats stats = new ProxyStats();
    private final LinkConditions link;
    private final TcpProxy tcp;
    private final UdpProxy udp;
    private volatile ScheduledFuture<?> outageCounter;

    private ImpairmentProxy(Settings s) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(s.threads(), NioIoHandler.newFactory());
        link = new LinkConditions(s.profile(), s.seed(), stats);
        try {
            tcp = s.listenTcp() == null ? null : new TcpProxy(group, s.listenTcp(), s.upstreamTcp(), link, s.tcpOutage());
            udp = s.listenUdp() == null ? null : new UdpProxy(group, s.listenUdp(), s.upstreamUdp(), link, s.maxUdpSessions());
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        countOutages();
    }

    /** Binds the listeners; fails (and releases everything) when a port cannot be bound. */
    public static ImpairmentProxy start(Settings settings) throws InterruptedException {
        return new ImpairmentProxy(settings);
    }

    /** The TCP listener's bound address, or null. */
    public InetSocketAddress tcpAddress() {
        return tcp == null ? null : tcp.localAddress();
    }

    /** The UDP listener's bound address, or null. */
    public InetSocketAddress udpAddress() {
        return udp == null ? null : udp.localAddress();
    }

    public ProxyStats stats() {
        return stats;
    }

    /** True while the simulated link is in an outage. */
    public boolean linkDown() {
        return link.inOutage();
    }

    /** Gives every UDP session a new upstream source port now, besides the profile's schedule. */
    public void rebindAll() {
        if (udp != null) {
            udp.rebindAll();
        }
    }

    private void countOutages() {
        long next = link.outages().nextStartAfter(link.now());
        if (next >= 0) {
            outageCounter = group.next().schedule(() -> {
                stats.outages.increment();
                countOutages();
            }, Math.max(0, next - link.now()), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> c = outageCounter;
        if (c != null) {
            c.cancel(false);
        }
        if (tcp != null) {
            tcp.close();
        }
        if (udp != null) {
            udp.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
