package org.homeward.sim.model;

import java.util.SplittableRandom;

/**
 * A patient's resting physiology. Draws follow the brief: temperature 36.6 ± 0.3 °C, HR 75 ± 8,
 * SpO2 97 ± 1 %, RR 15 ± 2, BP 122 ± 10 / 78 ± 7 mmHg; perfusion index 1.5–5 %.
 */
public record Baseline(double temp, double hr, double spo2, double rr, double sbp, double dbp,
                       double pi, double circadianAmplitude) {

    /** Draws a plausible adult baseline from {@code r}. */
    public static Baseline draw(SplittableRandom r) {
        double temp = 36.6 + Seeds.gauss(r, 0.3, 0.6);
        double hr = 75 + Seeds.gauss(r, 8, 16);
        double spo2 = Math.min(99.5, 97 + Seeds.gauss(r, 1, 2));
        double rr = 15 + Seeds.gauss(r, 2, 4);
        double sbp = 122 + Seeds.gauss(r, 10, 20);
        double dbp = Math.min(sbp - 30, 78 + Seeds.gauss(r, 7, 14));
        double pi = 1.5 + r.nextDouble() * 3.5;
        double amp = 0.2 + r.nextDouble() * 0.2;
        return new Baseline(temp, hr, spo2, rr, sbp, dbp, pi, amp);
    }
}
