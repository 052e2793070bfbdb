package org.homeward.sim.load;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Runs benchmark phases in order on one fleet: {@code ramp} (connect all; always first), {@code idle}
 * (hold all connections, broker RSS per connection), {@code max} (publish as fast as the windows
 * allow), {@code rate} (each device at a fixed rate), {@code storm} (drop all, reconnect all).
 * Blocking; one controller thread. Progress goes to {@code progress} once a second.
 */
final class BenchRun {
    /** What to run. Durations in seconds. */
    record Plan(List<String> phases, double connectRate, double warmupSeconds, double durationSeconds,
                double ratePerDevice, double idleSeconds, long connectTimeoutMillis) {
    }

    private final MqttFleet fleet;
    private final FleetStats stats;
    private final ProcWatch watch;
    private final Report report;
    private final Consumer<String> progress;
    private ProcWatch.Sample beforeConnect = ProcWatch.Sample.NONE;

    BenchRun(MqttFleet fleet, FleetStats stats, ProcWatch watch, Report report, Consumer<String> progress) {
        this.fleet = fleet;
        this.stats = stats;
        this.watch = watch;
        this.report = report;
        this.progress = progress;
    }

    void run(Plan plan) throws InterruptedException {
        ramp(plan);
        for (String phase : plan.phases()) {
            switch (phase) {
                case "ramp" -> { }
                case "idle" -> idle(plan);
                case "max" -> publish("max", plan, () -> fleet.startMax());
                case "rate" -> publish("rate", plan, () -> fleet.startRate(plan.ratePerDevice()));
                case "storm" -> storm(plan);
                default -> throw new IllegalArgumentException("unknown phase '" + phase + "' (ramp, idle, max, rate, storm)");
            }
        }
    }

    private void ramp(Plan plan) throws InterruptedException {
        watch.collectGarbage();
        beforeConnect = watch.sample();
        stats.connectLatency.getIntervalHistogram();
        ProcWatch.Sample a = watch.sample();
        MqttFleet.ConnectResult r = fleet.connectAll(plan.connectRate(), plan.connectTimeoutMillis());
        ProcWatch.Sample b = watch.sample();
        Map<String, Object> p = report.phase("ramp");
        connectFigures(p, r);
        broker(p, a, b);
        progress.accept(String.format("ramp: %d/%d connected in %.2f s (%.0f/s)", r.connected(), r.devices(),
                r.seconds(), r.perSecond()));
    }

    private void connectFigures(Map<String, Object> p, MqttFleet.ConnectResult r) {
        p.put("devices", r.devices());
        p.put("connected", r.connected());
        p.put("failed", r.failed());
        p.put("refused", stats.connectRefused.sum());
        p.put("seconds_to_all", r.seconds());
        p.put("connects_per_s", r.perSecond());
        p.put("connack_latency", Report.latency(stats.connectLatency.getIntervalHistogram()));
    }

    private void idle(Plan plan) throws InterruptedException {
        sleepWithProgress(plan.idleSeconds(), "idle");
        watch.collectGarbage();
        ProcWatch.Sample s = watch.sample();
        Map<String, Object> p = report.phase("idle");
        long n = stats.connected.sum();
        p.put("connections", n);
        if (watch.active() && beforeConnect.rssKib() > 0) {
            p.put("broker_rss_before_kib", beforeConnect.rssKib());
            p.put("broker_rss_idle_kib", s.rssKib());
            p.put("broker_bytes_per_connection", n == 0 ? 0.0 : (s.rssKib() - beforeConnect.rssKib()) * 1024.0 / n);
        }
    }

    private void publish(String name, Plan plan, Runnable start) throws InterruptedException {
        start.run();
        sleepWithProgress(plan.warmupSeconds(), name + " warm-up");
        stats.publishLatency.getIntervalHistogram();
        stats.liveLatency.getIntervalHistogram();
        long sent0 = stats.sent.sum();
        long acked0 = stats.acked.sum();
        long full0 = stats.windowFull.sum();
        long refused0 = stats.pubackRefused.sum();
        ProcWatch.Sample a = watch.sample();
        long t0 = System.nanoTime();
        sleepWithProgress(plan.durationSeconds(), name);
        double secs = (System.nanoTime() - t0) / 1e9;
        ProcWatch.Sample b = watch.sample();
        Histogram lat = stats.publishLatency.getIntervalHistogram();
        Histogram live = stats.liveLatency.getIntervalHistogram();
        fleet.stopPublishing();
        Map<String, Object> p = report.phase(name);
        p.put("connections", stats.connected.sum());
        p.put("seconds", secs);
        p.put("sent_per_s", (stats.sent.sum() - sent0) / secs);
        p.put("acked_per_s", (stats.acked.sum() - acked0) / secs);
        p.put("puback_refused", stats.pubackRefused.sum() - refused0);
        p.put("window_full_skips", stats.windowFull.sum() - full0);
        // whole-run totals (warm-up included): a soak compares the acknowledged count with what is durable
        p.put("sent_total", stats.sent.sum());
        p.put("acked_total", stats.acked.sum());
        p.put("puback_refused_total", stats.pubackRefused.sum());
        p.put("publish_to_puback", Report.latency(lat));
        if (live.getTotalCount() > 0) {
            p.put("send_to_websocket", Report.latency(live));
        }
        broker(p, a, b);
        TimeUnit.MILLISECONDS.sleep(500); // let the last acknowledgements drain before the next phase
    }

    private void storm(Plan plan) throws InterruptedException {
        long before = stats.connected.sum();
        fleet.dropAll();
        progress.accept("storm: dropped " + before + " connections; reconnecting all");
        stats.connectLatency.getIntervalHistogram();
        stats.connectRefused.reset();
        ProcWatch.Sample a = watch.sample();
        MqttFleet.ConnectResult r = fleet.connectAll(0, plan.connectTimeoutMillis());
        ProcWatch.Sample b = watch.sample();
        Map<String, Object> p = report.phase("storm");
        p.put("dropped", before);
        connectFigures(p, r);
        broker(p, a, b);
        progress.accept(String.format("storm: %d back in %.2f s", r.connected(), r.seconds()));
    }

    private void broker(Map<String, Object> p, ProcWatch.Sample a, ProcWatch.Sample b) {
        if (watch.active()) {
            p.put("broker_cpu_percent_of_one_core", ProcWatch.cpuPercent(a, b));
            p.put("broker_rss_kib", b.rssKib());
        }
    }

    private void sleepWithProgress(double seconds, String what) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long lastSent = stats.sent.sum();
        long lastAcked = stats.acked.sum();
        while (System.nanoTime() < end) {
            TimeUnit.NANOSECONDS.sleep(Math.min(1_000_000_000L, Math.max(0, end - System.nanoTime())));
            long s = stats.sent.sum();
            long k = stats.acked.sum();
            progress.accept(String.format("%s: connected %d, sent %d/s, acked %d/s", what, stats.connected.sum(),
                    s - lastSent, k - lastAcked));
            lastSent = s;
            lastAcked = k;
        }
    }
}
