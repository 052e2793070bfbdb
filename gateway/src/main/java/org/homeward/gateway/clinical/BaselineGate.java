package org.homeward.gateway.clinical;

import org.homeward.gateway.domain.Reading;

/**
 * Which trusted readings a learned baseline may learn from (docs/clinical.md, "Baselines"): only readings
 * that are plausible (the decoder refused the rest) and trusted (quality OK), measured while the device was
 * worn, in the normal band of their own rule, and outside alarm episodes (no physiological alarm of the
 * patient open). A baseline must describe the patient when well: the pre-fever rule compares against it.
 * Stateless.
 */
final class BaselineGate {
    private BaselineGate() {
    }

    /**
     * @param worn      the device's wear state at the reading's time (null = unknown, taken as worn)
     * @param inEpisode a physiological alarm of the patient is open
     */
    static boolean learns(Reading r, Boolean worn, boolean inEpisode, Thresholds t) {
        return !inEpisode && !Boolean.FALSE.equals(worn) && inNormalBand(r, t);
    }

    private static boolean inNormalBand(Reading r, Thresholds t) {
        double v = r.value();
        return switch (r.vital()) {
            case TEMP -> v < t.feverClearC();
            case SPO2 -> v >= t.spo2Low();
            case HR -> v < t.tachyHr() && v > t.bradyHr();
            case SBP -> v >= t.sbpLow() && v >= t.sbpFloor();
            default -> true;
        };
    }
}
