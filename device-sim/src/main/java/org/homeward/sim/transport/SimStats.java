package org.homeward.sim.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters shared by every link of a run; all methods thread-safe and non-blocking.
 * {@code sent} counts publishes/requests handed to a client, {@code acked} PUBACK / 2.04,
 * {@code errors} failed or refused deliveries, {@code buffered} readings held while offline,
 * {@code dropped} readings refused because an offline buffer was full.
 */
public final class SimStats {
    public final AtomicInteger connected = new AtomicInteger();
    public final LongAdder sent = new LongAdder();
    public final LongAdder acked = new LongAdder();
    public final LongAdder errors = new LongAdder();
    public final LongAdder buffered = new LongAdder();
    public final LongAdder backfilled = new LongAdder();
    public final LongAdder dropped = new LongAdder();
    public final LongAdder commands = new LongAdder();
    private final Recorder latency = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);

    /** Records a send→acknowledgement latency. */
    public void ackLatency(long sentNanos) {
        long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sentNanos));
        latency.recordValue(Math.min(micros, TimeUnit.SECONDS.toMicros(60)));
    }

    /** Latency histogram (µs) since the previous call; the caller owns the returned copy. */
    public Histogram takeLatency() {
        return latency.getIntervalHistogram();
    }

    /** One progress line. */
    public String line(double ratePerSecond) {
        return String.format(java.util.Locale.ROOT,
                "connected=%d sent=%d acked=%d errors=%d buffered=%d backfilled=%d dropped=%d rate=%.1f/s",
                connected.get(), sent.sum(), acked.sum(), errors.sum(), buffered.sum(), backfilled.sum(),
                dropped.sum(), ratePerSecond);
    }
}
