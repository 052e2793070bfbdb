package org.homeward.sim.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.homeward.sim.model.Channel;
import org.homeward.sim.senml.SenmlFormat;
import org.homeward.sim.transport.DeviceLink;
import org.homeward.sim.transport.LinkSettings;
import org.homeward.sim.transport.Outgoing;
import org.homeward.sim.transport.SimStats;

/**
 * Connection ramp, then sustained QoS 1 publishing at a fixed total rate spread round-robin over
 * the clients (Paho async or Netty-codec MQTT 3.1.1 clients, one per device), measuring send→PUBACK latency.
 * Blocking: runs on the calling thread for ramp + warm-up + duration.
 */
public final class MqttBench {
    /** One device identity to connect as. */
    public record Identity(String deviceId, String secret) {
    }

    private final String host;
    private final int port;
    private final List<Identity> identities;
    private final PayloadSource payloads;
    private final java.util.function.Function<LinkSettings, DeviceLink> clients;

    /** Produces the pack a device sends next. */
    @FunctionalInterface
    public interface PayloadSource {
        byte[] next(String deviceId, long n);
    }

    /** @param clients creates a (not started) client per identity: Paho links or {@link NettyMqttClients#create} */
    public MqttBench(String host, int port, List<Identity> identities, PayloadSource payloads,
                     java.util.function.Function<LinkSettings, DeviceLink> clients) {
        this.clients = clients;
        this.host = host;
        this.port = port;
        this.identities = List.copyOf(identities);
        this.payloads = payloads;
    }

    public BenchResult run(double rampPerSecond, double rate, Duration warmup, Duration duration) {
        SimStats stats = new SimStats();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        List<DeviceLink> links = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < identities.size(); i++) {
                Identity id = identities.get(i);
                DeviceLink l = clients.apply(new LinkSettings(host, port, id.deviceId(), id.secret(),
                        "urn:dev:bench:" + id.deviceId() + ":", 100_000, scheduler, stats));
                links.add(l);
                l.start();
                LockSupport.parkNanos(t0 + (long) ((i + 1) * 1e9 / rampPerSecond) - System.nanoTime());
            }
            long rampDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (stats.connected.get() < links.size() && System.nanoTime() < rampDeadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            double rampSeconds = (System.nanoTime() - t0) / 1e9;
            publish(links, stats, rate, warmup.toNanos());
            drain(stats);
            stats.takeLatency();
            long sent0 = stats.sent.sum();
            long acked0 = stats.acked.sum();
            long errors0 = stats.errors.sum();
            long m0 = System.nanoTime();
            publish(links, stats, rate, duration.toNanos());
            drain(stats);
            double secs = (System.nanoTime() - m0) / 1e9;
            Histogram h = stats.takeLatency();
            long acked = stats.acked.sum() - acked0;
            return new BenchResult(host + ":" + port, links.size(), stats.connected.get(), rampSeconds, rate, secs,
                    stats.sent.sum() - sent0, acked, stats.errors.sum() - errors0, acked / secs,
                    h.getValueAtPercentile(50), h.getValueAtPercentile(95), h.getValueAtPercentile(99), h.getMaxValue(),
                    Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + ", Java "
                            + System.getProperty("java.version"));
        } finally {
            links.forEach(DeviceLink::close);
            scheduler.shutdownNow();
        }
    }

    /** Waits (at most 5 s) until every sent publish is acknowledged or failed. */
    private static void drain(SimStats stats) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stats.acked.sum() + stats.errors.sum() < stats.sent.sum() && System.nanoTime() < until) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private void publish(List<DeviceLink> links, SimStats stats, double rate, long nanos) {
        long start = System.nanoTime();
        long n = 0;
        while (System.nanoTime() - start < nanos) {
            long due = start + (long) (n * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int i = (int) (n % links.size());
            links.get(i).send(new Outgoing(Channel.SENML, SenmlFormat.JSON, payloads.next(identities.get(i).deviceId(), n)));
            n++;
        }
    }
}
