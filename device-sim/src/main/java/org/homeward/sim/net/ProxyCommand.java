package org.homeward.sim.net;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code proxy}: the network impairment proxy between simulated devices and the gateway. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = {"Impairment proxy: forwards MQTT (TCP) and CoAP/DTLS (UDP) from devices to the gateway with the "
                + "latency, jitter, loss, outages and NAT rebinding of a cellular profile. Prints a stats line periodically.",
                "Profiles: none, 5g-a, 5g, 4g, cell-edge (see docs/network-simulation.md)."})
public final class ProxyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen-tcp", description = "TCP listen [host:]port for devices (host default 127.0.0.1).")
    String listenTcp;

    @Option(names = "--upstream-tcp", defaultValue = "localhost:1883", description = "Gateway MQTT host:port (default ${DEFAULT-VALUE}).")
    String upstreamTcp;

    @Option(names = "--listen-udp", description = "UDP listen [host:]port for devices (host default 127.0.0.1).")
    String listenUdp;

    @Option(names = "--upstream-udp", defaultValue = "localhost:5684", description = "Gateway CoAP/DTLS host:port (default ${DEFAULT-VALUE}).")
    String upstreamUdp;

    @Option(names = "--profile", defaultValue = "4g", description = "none, 5g-a, 5g, 4g, cell-edge (default ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random decision (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--latency", converter = DurationText.class, description = "Override: mean one-way delay (e.g. 40ms).")
    Duration latency;

    @Option(names = "--jitter", converter = DurationText.class, description = "Override: σ of the one-way delay.")
    Duration jitter;

    @Option(names = "--loss", description = "Override: UDP loss per direction, 0..1 (e.g. 0.005).")
    Double loss;

    @Option(names = "--rebind-every", converter = DurationText.class, description = "Override: mean time between UDP source-port changes.")
    Duration rebindEvery;

    @Option(names = "--no-outages", description = "Switch the profile's outages off.")
    boolean noOutages;

    @Option(names = "--bandwidth-kbps", description = "Override: TCP bandwidth cap per connection and direction, kbit/s (0 = none).")
    Long bandwidthKbps;

    @Option(names = "--tcp-outage", defaultValue = "stall", description = "During outages: stall (hold bytes) or drop (cut connections) (default ${DEFAULT-VALUE}).")
    String tcpOutage;

    @Option(names = "--stats-interval", defaultValue = "5s", converter = DurationText.class, description = "Stats line period (default ${DEFAULT-VALUE}).")
    Duration statsInterval;

    @Option(names = "--duration", converter = DurationText.class, description = "Stop after this long (default: until killed).")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        NetProfile p = profile();
        ImpairmentProxy.Settings s = new ImpairmentProxy.Settings(
                listenTcp == null ? null : Endpoints.listen(listenTcp), listenTcp == null ? null : Endpoints.parse(upstreamTcp),
                listenUdp == null ? null : Endpoints.listen(listenUdp), listenUdp == null ? null : Endpoints.parse(upstreamUdp),
                p, seed, outageMode(), 20_000, 1);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        try (ImpairmentProxy proxy = ImpairmentProxy.start(s)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "proxy-stop"));
            out.println("proxy " + p.describe() + ", seed " + seed);
            print(out, "tcp", proxy.tcpAddress(), s.upstreamTcp());
            print(out, "udp", proxy.udpAddress(), s.upstreamUdp());
            out.flush();
            long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                long wait = Math.min(statsInterval.toNanos(), end - System.nanoTime());
                if (stop.await(Math.max(1, wait), TimeUnit.NANOSECONDS)) {
                    break;
                }
                out.println((proxy.linkDown() ? "[link down] " : "") + proxy.stats().line());
                out.flush();
            }
            out.println("final " + proxy.stats().line());
            out.flush();
        }
        return 0;
    }

    private TcpOutageMode outageMode() {
        return switch (tcpOutage.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "stall" -> TcpOutageMode.STALL;
            case "drop" -> TcpOutageMode.DROP;
            default -> throw new IllegalArgumentException("--tcp-outage must be stall or drop, not '" + tcpOutage + "'");
        };
    }

    private static void print(PrintWriter out, String what, InetSocketAddress at, InetSocketAddress to) {
        if (at != null) {
            out.println(what + " " + at.getHostString() + ":" + at.getPort() + " -> " + to.getHostString() + ":" + to.getPort());
        }
    }

    private NetProfile profile() {
        NetProfile p = NetProfiles.byName(profile);
        p = new NetProfile(p.name(), latency != null ? latency : p.latency(), jitter != null ? jitter : p.jitter(),
                loss != null ? loss : p.loss(), p.outageEvery(), p.outageLength(), p.rebindEvery(), p.bandwidthBitsPerSecond());
        if (rebindEvery != null) {
            p = p.withRebindEvery(rebindEvery.isZero() ? null : rebindEvery);
        }
        if (noOutages) {
            p = p.withoutOutages();
        }
        if (bandwidthKbps != null) {
            p = p.withBandwidth(bandwidthKbps * 1000);
        }
        return p;
    }
}
