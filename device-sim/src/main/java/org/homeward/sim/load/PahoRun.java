package org.homeward.sim.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.homeward.sim.model.Channel;
import org.homeward.sim.senml.SenmlFormat;
import org.homeward.sim.transport.DeviceLink;
import org.homeward.sim.transport.LinkSettings;
import org.homeward.sim.transport.Links;
import org.homeward.sim.transport.Outgoing;
import org.homeward.sim.transport.SimStats;

/**
 * {@code load run --client paho}: the realistic device client (Paho MQTT 3.1.1 async, one client
 * with its own threads per device, as the simulator's {@code run} uses) through the phases
 * {@code ramp} and {@code rate} only, to show where Paho's thread-per-client model stops. The
 * publishes are spread round-robin over the devices at {@code devices × rate} per second from the
 * calling thread; send→PUBACK latency as in the Netty fleet. Blocking; one controller thread.
 */
final class PahoRun {
    private final LoadSettings settings;
    private final List<Credentials> creds;
    private final Report report;
    private final Consumer<String> progress;

    PahoRun(LoadSettings settings, List<Credentials> creds, Report report, Consumer<String> progress) {
        this.settings = settings;
        this.creds = creds;
        this.report = report;
        this.progress = progress;
    }

    void run(BenchRun.Plan plan) {
        for (String p : plan.phases()) {
            if (!p.equals("ramp") && !p.equals("rate")) {
                throw new IllegalArgumentException("--client paho runs the phases ramp and rate only, not '" + p + "'");
            }
        }
        SimStats stats = new SimStats();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        List<DeviceLink> links = new ArrayList<>();
        try {
            ramp(plan, stats, scheduler, links);
            if (plan.phases().contains("rate")) {
                double total = plan.ratePerDevice() * links.size();
                publish(links, total, plan.warmupSeconds(), stats, "rate warm-up");
                drain(stats);
                stats.takeLatency();
                long sent0 = stats.sent.sum();
                long acked0 = stats.acked.sum();
                long errors0 = stats.errors.sum();
                long t0 = System.nanoTime();
                publish(links, total, plan.durationSeconds(), stats, "rate");
                drain(stats);
                double secs = (System.nanoTime() - t0) / 1e9;
                Histogram h = stats.takeLatency();
                Map<String, Object> p = report.phase("rate");
                p.put("connections", stats.connected.get());
                p.put("seconds", secs);
                p.put("sent_per_s", (stats.sent.sum() - sent0) / secs);
                p.put("acked_per_s", (stats.acked.sum() - acked0) / secs);
                p.put("errors", stats.errors.sum() - errors0);
                p.put("publish_to_puback", Report.latency(h));
            }
        } finally {
            links.forEach(DeviceLink::close);
            scheduler.shutdownNow();
        }
    }

    private void ramp(BenchRun.Plan plan, SimStats stats, ScheduledExecutorService scheduler, List<DeviceLink> links) {
        long t0 = System.nanoTime();
        for (int i = 0; i < creds.size(); i++) {
            Credentials c = creds.get(i);
            DeviceLink l = Links.create(Links.Kind.MQTT3, new LinkSettings(settings.host(), settings.port(), c.deviceId(),
                    c.secret(), "urn:dev:load:" + c.deviceId() + ":", 100_000, scheduler, stats), null);
            links.add(l);
            l.start();
            if (plan.connectRate() > 0) {
                LockSupport.parkNanos(t0 + (long) ((i + 1) * 1e9 / plan.connectRate()) - System.nanoTime());
            }
        }
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(plan.connectTimeoutMillis());
        while (stats.connected.get() < links.size() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int connected = stats.connected.get();
        Map<String, Object> p = report.phase("ramp");
        p.put("devices", links.size());
        p.put("connected", connected);
        p.put("failed", links.size() - connected);
        p.put("seconds_to_all", secs);
        p.put("connects_per_s", connected / secs);
        progress.accept(String.format("ramp (paho): %d/%d connected in %.2f s", connected, links.size(), secs));
    }

    /** Waits (at most 5 s) until every sent publish is acknowledged or failed. */
    private static void drain(SimStats stats) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stats.acked.sum() + stats.errors.sum() < stats.sent.sum() && System.nanoTime() < until) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private void publish(List<DeviceLink> links, double rate, double seconds, SimStats stats, String what) {
        List<PackBuilder> packs = new ArrayList<>();
        for (Credentials c : creds) {
            packs.add(new PackBuilder(c.deviceId(), settings.packBytes()));
        }
        long start = System.nanoTime();
        long nanos = (long) (seconds * 1e9);
        long nextProgress = start + 1_000_000_000L;
        long n = 0;
        long lastAcked = stats.acked.sum();
        while (System.nanoTime() - start < nanos) {
            long wait = start + (long) (n * 1e9 / rate) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int i = (int) (n % links.size());
            links.get(i).send(new Outgoing(Channel.SENML, SenmlFormat.JSON, packs.get(i).bytes(System.currentTimeMillis())));
            n++;
            if (System.nanoTime() >= nextProgress) {
                nextProgress += 1_000_000_000L;
                long acked = stats.acked.sum();
                progress.accept(String.format("%s (paho): connected %d, acked %d/s, errors %d", what,
                        stats.connected.get(), acked - lastAcked, stats.errors.sum()));
                lastAcked = acked;
            }
        }
    }
}
