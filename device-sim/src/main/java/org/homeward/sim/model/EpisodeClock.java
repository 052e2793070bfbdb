package org.homeward.sim.model;

import java.util.SplittableRandom;

/**
 * Decides, as a pure function of simulated time, whether a random episode (motion burst, low
 * perfusion) is under way. Episodes are drawn per simulated hour from a stream keyed by the hour,
 * so any instant can be asked about in any order.
 */
final class EpisodeClock {
    private static final double MAX_MINUTES = 55.0;

    private final long seed;
    private final long stream;
    private final Scenario.Episodes episodes;

    EpisodeClock(long seed, long stream, Scenario.Episodes episodes) {
        this.seed = seed;
        this.stream = stream;
        this.episodes = episodes;
    }

    /** True if an episode covers simulated second {@code simSeconds}. */
    boolean active(double simSeconds) {
        if (episodes.perDay() <= 0) {
            return false;
        }
        long hour = (long) Math.floor(simSeconds / 3600.0);
        return activeFrom(hour, simSeconds) || activeFrom(hour - 1, simSeconds);
    }

    private boolean activeFrom(long hour, double simSeconds) {
        SplittableRandom r = Seeds.stream(seed, stream, hour);
        double perHour = episodes.perDay() / 24.0;
        int n = (int) Math.floor(perHour) + (r.nextDouble() < perHour - Math.floor(perHour) ? 1 : 0);
        for (int i = 0; i < n; i++) {
            double start = hour * 3600.0 + r.nextDouble() * 3600.0;
            double minutes = Math.min(MAX_MINUTES, -Math.log(1.0 - r.nextDouble()) * episodes.meanMinutes());
            if (simSeconds >= start && simSeconds < start + minutes * 60.0) {
                return true;
            }
        }
        return false;
    }
}
