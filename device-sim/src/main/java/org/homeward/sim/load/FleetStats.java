package org.homeward.sim.load;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/** Counters and latency recorders shared by every connection of a fleet. Thread-safe (adders, wait-free recorders). */
final class FleetStats {
    /** Largest latency recorded, in microseconds (60 s); larger values are clamped. */
    static final long MAX_MICROS = 60_000_000L;

    final LongAdder connected = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder connectRefused = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder pubackRefused = new LongAdder();
    final LongAdder windowFull = new LongAdder();
    final Recorder publishLatency = new Recorder(MAX_MICROS, 3);
    final Recorder connectLatency = new Recorder(MAX_MICROS, 3);
    final Recorder liveLatency = new Recorder(MAX_MICROS, 3);

    static void record(Recorder r, long nanos) {
        r.recordValue(Math.max(0, Math.min(MAX_MICROS, nanos / 1000)));
    }
}
