package org.homeward.gateway.processing;

/**
 * A patient's individual baseline of one vital, as the view shows it (clinical-spec §5.1: the
 * baseline band, ±2 SD). Values are in the vital's canonical unit.
 *
 * @param mean       mean
 * @param sd         standard deviation (0 with fewer than two samples)
 * @param samples    samples it was learned from (0 when set by a clinician)
 * @param complete   true once rules use it (configured, or learning window closed with enough samples)
 * @param configured true when set by a clinician rather than learned
 */
public record VitalBaseline(double mean, double sd, int samples, boolean complete, boolean configured) {
    /** Half-width of the band the view shades, in standard deviations. */
    public static final double BAND_SD = 2.0;

    public double low() {
        return mean - BAND_SD * sd;
    }

    public double high() {
        return mean + BAND_SD * sd;
    }
}
