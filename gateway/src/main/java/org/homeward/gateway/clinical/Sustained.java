package org.homeward.gateway.clinical;

/**
 * Persistence and hysteresis for one condition, judged on measurement times. Three bands: abnormal
 * (extends the abnormal run), in-between (breaks both runs) and clear (extends the clear run). The
 * condition turns on when the abnormal run has {@code minSamples} samples spanning {@code span}, and
 * off when the clear run spans {@code clearSpan}. Low-confidence samples are never fed: they hold
 * both runs where they are. Samples older than the newest one seen are ignored.
 */
final class Sustained {
    private long abnormalSince = -1;
    private long lastAbnormalAt;
    private int abnormalCount;
    private long clearSince = -1;
    private boolean on;
    private long onSince;
    private long newest = Long.MIN_VALUE;
    private String onset = "";

    enum Band { ABNORMAL, BETWEEN, CLEAR }

    /** Feeds one trusted sample; returns false when it was older than the newest (ignored). */
    boolean sample(long at, Band band, int minSamples, long span, long clearSpan, String describe) {
        if (at < newest) {
            return false;
        }
        newest = at;
        if (band == Band.ABNORMAL) {
            if (abnormalSince < 0) {
                abnormalSince = at;
                abnormalCount = 0;
                onset = describe;
            }
            abnormalCount++;
            lastAbnormalAt = at;
            clearSince = -1;
            if (!on && abnormalCount >= minSamples && lastAbnormalAt - abnormalSince >= span) {
                on = true;
                onSince = at;
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
    void confirmNow(long at, String describe) {
        newest = Math.max(newest, at);
        on = true;
        onSince = at;
        onset = describe;
        clearSince = -1;
    }

    boolean on() {
        return on;
    }

    /** Size of the current abnormal run (0 when none): shown as "persistence not yet met". */
    int pendingSamples() {
        return abnormalSince < 0 ? 0 : abnormalCount;
    }

    long onSince() {
        return onSince;
    }

    /** Description of the first abnormal sample of the run that confirmed it. */
    String onset() {
        return onset;
    }

    void reset() {
        abnormalSince = -1;
        abnormalCount = 0;
        clearSince = -1;
        on = false;
    }
}
