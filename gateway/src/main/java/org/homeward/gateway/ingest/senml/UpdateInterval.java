package org.homeward.gateway.ingest.senml;

import java.util.List;

/**
 * The device's update interval from the pack's SenML {@code ut} fields (RFC 8428 §4.5.6, seconds):
 * the largest one in (0, 24 h]; others are ignored with a warning. Pure and thread-safe.
 */
final class UpdateInterval {
    /** Longest {@code ut} taken: a day. A larger one would hold DATA-GAP off for days. */
    static final double MAX_SECONDS = 86_400;

    private UpdateInterval() {
    }

    /** Milliseconds, 0 when no valid {@code ut}; adds one warning per ignored value. */
    static long of(List<Double> updateTimes, List<String> warnings) {
        double best = 0;
        for (double ut : updateTimes) {
            if (ut > 0 && ut <= MAX_SECONDS) {
                best = Math.max(best, ut);
            } else {
                warnings.add("ut " + ut + " s ignored: must be > 0 and at most " + (long) MAX_SECONDS + " s (24 h)");
            }
        }
        return Math.round(best * 1000);
    }
}
