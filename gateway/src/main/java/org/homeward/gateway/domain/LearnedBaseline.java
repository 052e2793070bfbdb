package org.homeward.gateway.domain;

/**
 * A learned baseline of one patient's vital sign whose learning is over (its window has closed and the
 * reorder horizon has passed, so no later sample can change it), as running statistics: the first learned
 * sample's measurement time, the sample count, Welford's mean and sum of squared deviations. Enough to
 * restore the learner exactly (issue 13: a new owner that replays only a tail cannot re-learn it).
 */
public record LearnedBaseline(String patientId, Vital vital, long firstAtMillis, int samples, double mean, double m2) {
    public LearnedBaseline {
        if (patientId == null || vital == null || samples < 1) {
            throw new IllegalArgumentException("learned baseline needs a patient, a vital and at least one sample");
        }
    }
}
