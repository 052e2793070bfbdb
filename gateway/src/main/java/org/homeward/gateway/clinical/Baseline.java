package org.homeward.gateway.clinical;

import org.homeward.gateway.domain.Vital;

/**
 * An individual baseline of one vital (clinical-spec §1.6 "Ti", §5.1 baseline band).
 *
 * @param vital      the vital
 * @param mean       mean in the canonical unit
 * @param sd         standard deviation
 * @param samples    valid samples it was learned from (0 when configured)
 * @param complete   true once usable by rules: configured, or the learning window closed with enough samples
 * @param configured true when set by a clinician rather than learned
 */
public record Baseline(Vital vital, double mean, double sd, int samples, boolean complete, boolean configured) {
    /** Lower edge of the band shown in the view: mean − k·sd. */
    public double lower(double k) {
        return mean - k * sd;
    }

    /** Upper edge of the band: mean + k·sd. */
    public double upper(double k) {
        return mean + k * sd;
    }
}
