package org.homeward.sim.model;

import java.util.SplittableRandom;

/**
 * Derives independent, order-free random streams from one seed, so that a stream's values do not
 * depend on which other streams were consumed first (the trace stays identical whatever the
 * interleaving of devices at run time).
 */
public final class Seeds {
    private Seeds() {
    }

    /** A random stream for {@code (seed, a, b)}; same inputs give the same stream. */
    public static SplittableRandom stream(long seed, long a, long b) {
        return new SplittableRandom(mix(mix(seed ^ 0x9E3779B97F4A7C15L * (a + 1)) + b * 0xBF58476D1CE4E5B9L));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A clipped normal draw: mean 0, standard deviation {@code sd}, limited to ±{@code clip}. */
    static double gauss(SplittableRandom r, double sd, double clip) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        double g = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2) * sd;
        return Math.max(-clip, Math.min(clip, g));
    }

    /**
     * Pseudonymous hex id derived from the seed, e.g. {@code p-3fa2c1}. For a given seed and prefix
     * the mapping from {@code index} is a bijection on {@code 4 * hexDigits} bits (odd multiply,
     * add, xor-shift and xor are all invertible), so ids never collide below 16^hexDigits indexes.
     */
    public static String pseudonym(String prefix, long seed, long index, int hexDigits) {
        int bits = 4 * hexDigits;
        long mask = bits >= 64 ? -1L : (1L << bits) - 1;
        long key = mix(seed * 31 + prefix.hashCode());
        long v = (index * 0x9E3779B97F4A7C15L + key) & mask;
        v = (v ^ (v >>> (bits / 2))) & mask;
        v = (v * 0xBF58476D1CE4E5B9L) & mask;
        v = (v ^ (v >>> (bits / 2)) ^ (key >>> 7)) & mask;
        return prefix + "-" + String.format("%0" + hexDigits + "x", v);
    }
}
