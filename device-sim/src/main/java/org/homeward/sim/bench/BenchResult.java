package org.homeward.sim.bench;

import java.util.Locale;

/**
 * Outcome of one benchmark: connection ramp and sustained QoS 1 publishing, latency send→PUBACK in
 * microseconds (HdrHistogram percentiles).
 */
public record BenchResult(String target, int clients, int connected, double rampSeconds, double offeredRate,
                          double durationSeconds, long sent, long acked, long errors, double ackedPerSecond,
                          long p50Micros, long p95Micros, long p99Micros, long maxMicros, String machine) {

    /** The result as a Markdown table. */
    public String markdown() {
        return String.format(Locale.ROOT, """
                # MQTT QoS 1 benchmark

                | metric | value |
                |---|---|
                | target | %s |
                | clients (connected) | %d (%d) |
                | connection ramp | %.2f s |
                | offered rate | %.0f msg/s |
                | measured for | %.1f s |
                | sent / acked / errors | %d / %d / %d |
                | acked throughput | %.1f msg/s |
                | latency send→PUBACK p50 / p95 / p99 / max | %.2f / %.2f / %.2f / %.2f ms |
                | machine | %s |
                """, target, clients, connected, rampSeconds, offeredRate, durationSeconds, sent, acked, errors,
                ackedPerSecond, p50Micros / 1000.0, p95Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0, machine);
    }
}
