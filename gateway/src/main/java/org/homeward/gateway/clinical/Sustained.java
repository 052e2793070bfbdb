package org.homeward.gateway.clinical;

/**
 * Persistence and hysteresis for one condition, judged on measurement times. Three bands: abnormal
 * (extends the abnormal run), in-between (breaks both runs) and clear (extends the clear run). The
 * condition turns on when the abnormal run has {@code minSamples} samples spanning {@code span}, and
 * off when the clear run spans {@code clearSpan}. Low-confidence samples are never fed: they hold
 * both runs where they are. Samples must come in measurement order ({@link OrderedStream} sorts and
 * replays them); one older than the newest seen is ignored. Copyable, so a stream can checkpoint it.
 */
final class Sustained {
    private long abnormalSince = -1;
    private long lastAbnormalAt;
    private int abnormalCount;
    private long clearSince = -1;
    private boolean on;
    private long newest = Long.MIN_VALUE;
    private long onsetAt;
    private double onsetValue = Double.NaN;
    private long confirmDelay;
    private long episodeAt = Long.MIN_VALUE;

    enum Band { ABNORMAL, BETWEEN, CLEAR }

    Sustained copy() {
        Sustained c = new Sustained();
        c.abnormalSince = abnormalSince;
        c.lastAbnormalAt = lastAbnormalAt;
        c.abnormalCount = abnormalCount;
        c.clearSince = clearSince;
        c.on = on;
        c.newest = newest;
        c.onsetAt = onsetAt;
        c.onsetValue = onsetValue;
        c.confirmDelay = confirmDelay;
        c.episodeAt = episodeAt;
        return c;
    }

    /** Feeds one trusted sample; returns false when it was older than the newest (ignored). */
    boolean sample(Sample x, Band band, int minSamples, long span, long clearSpan) {
        long at = x.at();
        if (at < newest) {
            return false;
        }
        newest = at;
        if (band == Band.ABNORMAL) {
            if (abnormalSince < 0) {
                abnormalSince = at;
                abnormalCount = 0;
                onsetAt = at;
                onsetValue = x.value();
            }
            abnormalCount++;
            lastAbnormalAt = at;
            clearSince = -1;
            if (!on && abnormalCount >= minSamples && lastAbnormalAt - abnormalSince >= span) {
                on = true;
                episodeAt = at;
                confirmDelay = x.lateMillis();
            }
            return true;
        }
        abnormalSince = -1;
        abnormalCount = 0;
        if (band == Band.BETWEEN) {
            clearSince = -1;
            return true;
        }
        if (clearSince < 0) {
            clearSince = at;
        }
        if (on && at - clearSince >= clearSpan) {
            on = false;
        }
        return true;
    }

    /** Confirms at once (spot reading below the "immediate" limit, or a spot thermometer). */
    void confirmNow(Sample x) {
        newest = Math.max(newest, x.at());
        on = true;
        episodeAt = x.at();
        onsetAt = x.at();
        onsetValue = x.value();
        confirmDelay = x.lateMillis();
        clearSince = -1;
    }

    boolean on() {
        return on;
    }

    /** Measurement time at which the condition last turned on; {@link Long#MIN_VALUE} when never. */
    long episodeAt() {
        return episodeAt;
    }

    /** Measurement time of the first abnormal sample of the run that confirmed it. */
    long onsetAt() {
        return onsetAt;
    }

    /** Value of the first abnormal sample of the run that confirmed it. */
    double onsetValue() {
        return onsetValue;
    }

    /** How late (ms after measurement) the sample that confirmed the condition arrived; 0 when on time. */
    long confirmDelay() {
        return confirmDelay;
    }
}
