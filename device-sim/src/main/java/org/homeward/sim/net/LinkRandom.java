package org.homeward.sim.net;

import java.util.SplittableRandom;

/**
 * The seeded random decisions of one direction of one flow: delay and loss. Not thread-safe: each
 * instance is used by one event loop only. Two instances built from the same seed and stream id
 * give the same sequence, so a run with the same seed and the same packet order repeats exactly.
 */
final class LinkRandom {
    private final SplittableRandom random;
    private final long latencyNanos;
    private final double jitterNanos;
    private final double loss;

    LinkRandom(NetProfile profile, long seed, long stream) {
        this.random = new SplittableRandom(mix(seed, stream));
        this.latencyNanos = profile.latency().toNanos();
        this.jitterNanos = profile.jitter().toNanos();
        this.loss = profile.loss();
    }

    /** One-way delay: normal(latency, jitter), clipped at zero. */
    long delayNanos() {
        if (jitterNanos == 0) {
            return latencyNanos;
        }
        return Math.max(0, latencyNanos + Math.round(random.nextGaussian() * jitterNanos));
    }

    /** True when this datagram is lost (Bernoulli with the profile's loss rate). */
    boolean lost() {
        return loss > 0 && random.nextDouble() < loss;
    }

    /** Exponential gap with the given mean (for outage and rebinding times). */
    long exponentialNanos(long meanNanos) {
        return Math.round(-Math.log(1 - random.nextDouble()) * meanNanos);
    }

    /** SplitMix64 finaliser of seed and stream, so neighbouring streams are uncorrelated. */
    static long mix(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
