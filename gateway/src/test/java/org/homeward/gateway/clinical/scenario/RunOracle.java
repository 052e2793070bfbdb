package org.homeward.gateway.clinical.scenario;

import java.util.function.DoublePredicate;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;

/**
 * An independent reading of the persistence rule of clinical-spec §5.3 on the readings the monitor
 * received: a run of consecutive trusted abnormal samples (any trusted normal sample breaks it;
 * low-confidence or motion-held samples are skipped) that reaches {@code minSamples} spanning
 * {@code spanMillis}. It remembers the first such run, and the first trusted abnormal sample at all.
 * Times are measurement times; {@code qualifiedAt} is the receive time of the confirming sample.
 */
final class RunOracle implements ScenarioDriver.ReadingObserver {
    private static final double MOTION = 2.0;
    private static final long MOTION_RELEASE = 30_000;

    private final Vital vital;
    private final DoublePredicate abnormal;
    private final int minSamples;
    private final long spanMillis;
    private long highActivityAt = Long.MIN_VALUE;
    private long runStart = -1;
    private int runCount;
    private long firstAbnormal = -1;
    private long qualifiedRunStart = -1;
    private long qualifiedAt = -1;

    RunOracle(Vital vital, DoublePredicate abnormal, int minSamples, long spanMillis) {
        this.vital = vital;
        this.abnormal = abnormal;
        this.minSamples = minSamples;
        this.spanMillis = spanMillis;
    }

    @Override
    public void reading(Reading r, long now) {
        if (r.vital() == Vital.ACT && r.value() >= MOTION) {
            highActivityAt = Math.max(highActivityAt, r.measuredAtMillis());
        }
        if (r.vital() != vital || qualifiedAt >= 0 || !trusted(r)) {
            return;
        }
        long at = r.measuredAtMillis();
        if (!abnormal.test(r.value())) {
            runStart = -1;
            return;
        }
        if (firstAbnormal < 0) {
            firstAbnormal = at;
        }
        if (runStart < 0) {
            runStart = at;
            runCount = 0;
        }
        runCount++;
        if (runCount >= minSamples && at - runStart >= spanMillis) {
            qualifiedRunStart = runStart;
            qualifiedAt = now;
        }
    }

    private boolean trusted(Reading r) {
        if (r.quality() != Quality.OK) {
            return false;
        }
        return r.vital() != Vital.SPO2 || highActivityAt == Long.MIN_VALUE
                || r.measuredAtMillis() - highActivityAt > MOTION_RELEASE;
    }

    /** Measurement time of the first trusted abnormal sample, or -1. */
    long firstAbnormal() {
        return firstAbnormal;
    }

    /** Measurement time of the first sample of the first run that met the persistence rule, or -1. */
    long qualifiedRunStart() {
        return qualifiedRunStart;
    }

    /** Receive time of the sample that completed that run, or -1. */
    long qualifiedAt() {
        return qualifiedAt;
    }
}
