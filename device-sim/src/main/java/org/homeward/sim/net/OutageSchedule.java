package org.homeward.sim.net;

import java.util.ArrayList;
import java.util.List;

/**
 * When the simulated radio link is down, on a time axis of nanoseconds since the proxy started:
 * outage starts separated by exponential gaps with the profile's mean, each lasting the profile's
 * outage length. Deterministic for a seed; generated lazily. Thread-safe (synchronised: it is asked
 * once per packet or chunk, from the TCP and UDP event loops).
 */
final class OutageSchedule {
    private final long meanGapNanos;
    private final long lengthNanos;
    private final LinkRandom random;
    private final List<long[]> outages = new ArrayList<>();

    OutageSchedule(NetProfile profile, long seed) {
        this.meanGapNanos = profile.outageEvery() == null ? 0 : profile.outageEvery().toNanos();
        this.lengthNanos = profile.outageLength() == null ? 0 : profile.outageLength().toNanos();
        this.random = new LinkRandom(profile, seed, -1);
    }

    /** True when the profile has outages at all. */
    boolean enabled() {
        return meanGapNanos > 0 && lengthNanos > 0;
    }

    /** End of the outage that contains {@code t}, or -1 when the link is up at {@code t}. */
    synchronized long outageEndAt(long t) {
        if (!enabled() || t < 0) {
            return -1;
        }
        extendTo(t);
        for (int i = outages.size() - 1; i >= 0; i--) {
            long[] o = outages.get(i);
            if (o[0] <= t) {
                return t < o[1] ? o[1] : -1;
            }
        }
        return -1;
    }

    /** Start of the first outage that begins after {@code t}, or -1 when there are none. */
    synchronized long nextStartAfter(long t) {
        if (!enabled()) {
            return -1;
        }
        extendTo(t);
        for (long[] o : outages) {
            if (o[0] > t) {
                return o[0];
            }
        }
        return -1;
    }

    private void extendTo(long t) {
        long last = outages.isEmpty() ? 0 : outages.get(outages.size() - 1)[1];
        while (outages.isEmpty() || outages.get(outages.size() - 1)[0] <= t) {
            long start = last + Math.max(1, random.exponentialNanos(meanGapNanos));
            last = start + lengthNanos;
            outages.add(new long[] {start, last});
        }
    }
}
