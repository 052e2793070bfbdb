package org.homeward.gateway.ingest.senml;

import java.util.List;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.ingest.RecordRejection.Reason;

/**
 * Checks across the records of one pack (clinical-spec §4.1–4.2). Two readings are simultaneous when
 * their times differ by at most the pairing window; of several candidates the nearest in time wins.
 * <ul>
 *   <li>Perfusion index below the low-confidence threshold marks SpO2 and HR of the same time
 *       {@code LOW_CONFIDENCE}; below the reject threshold SpO2 is rejected ({@code INCONSISTENT}) and HR
 *       stays {@code LOW_CONFIDENCE}.</li>
 *   <li>SBP ≤ DBP, or a pulse pressure below the minimum, rejects both as {@code INCONSISTENT}.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class PackRules {
    private final SenmlSettings settings;
    private final long windowMillis;

    PackRules(SenmlSettings settings) {
        this.settings = settings;
        this.windowMillis = settings.pairingWindow().toMillis();
    }

    void apply(List<Candidate> candidates) {
        boolean hasPi = false;
        boolean hasDbp = false;
        for (Candidate c : candidates) {
            hasPi |= c.vital == Vital.PI;
            hasDbp |= c.vital == Vital.DBP;
        }
        if (hasPi) {
            perfusion(candidates);
        }
        if (hasDbp) {
            bloodPressure(candidates);
        }
    }

    private void perfusion(List<Candidate> candidates) {
        for (Candidate c : candidates) {
            if (!c.isLive() || (c.vital != Vital.SPO2 && c.vital != Vital.HR)) {
                continue;
            }
            int found = nearest(candidates, Vital.PI, c.measuredAtMillis, null);
            if (found < 0) {
                continue;
            }
            Candidate pi = candidates.get(found);
            if (pi.value >= settings.piLowConfidencePercent()) {
                continue;
            }
            if (c.vital == Vital.SPO2 && pi.value < settings.piRejectPercent()) {
                c.reject(Reason.INCONSISTENT, "spo2 " + c.value + " % rejected: perfusion index " + pi.value
                        + " % at the same time is below " + settings.piRejectPercent()
                        + " % (signal unusable, reposition the sensor)");
            } else {
                c.quality = Quality.LOW_CONFIDENCE;
            }
        }
    }

    private void bloodPressure(List<Candidate> candidates) {
        boolean[] paired = new boolean[candidates.size()];
        for (Candidate sbp : candidates) {
            if (!sbp.isLive() || sbp.vital != Vital.SBP) {
                continue;
            }
            int found = nearest(candidates, Vital.DBP, sbp.measuredAtMillis, paired);
            if (found < 0) {
                continue;
            }
            paired[found] = true;
            Candidate dbp = candidates.get(found);
            String detail = null;
            if (sbp.value <= dbp.value) {
                detail = "sbp " + sbp.value + " mmHg <= dbp " + dbp.value + " mmHg at the same time";
            } else if (sbp.value - dbp.value < settings.minPulsePressureMmHg()) {
                detail = "pulse pressure " + round1(sbp.value - dbp.value) + " mmHg (sbp " + sbp.value + " - dbp "
                        + dbp.value + ") is below " + settings.minPulsePressureMmHg() + " mmHg";
            }
            if (detail != null) {
                sbp.reject(Reason.INCONSISTENT, detail);
                dbp.reject(Reason.INCONSISTENT, detail);
            }
        }
    }

    /** Index of the live candidate of {@code vital} nearest to {@code atMillis} within the window (skipping paired ones), or -1. */
    private int nearest(List<Candidate> candidates, Vital vital, long atMillis, boolean[] paired) {
        int best = -1;
        long bestGap = Long.MAX_VALUE;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (c.vital != vital || !c.isLive() || (paired != null && paired[i])) {
                continue;
            }
            long gap = Math.abs(c.measuredAtMillis - atMillis);
            if (gap <= windowMillis && gap < bestGap) {
                best = i;
                bestGap = gap;
            }
        }
        return best;
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
