package org.homeward.gateway.clinical;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * NEWS2 single-parameter scores, SpO2 Scale 1 and 2 (clinical-spec §2.1, RCP 2017). Values are first
 * rounded half-up to the recorded resolution (temperature 0.1 °C, everything else integer), then
 * banded, so 38.04 °C scores 0 and 38.05 °C scores 1. Pure and stateless.
 */
final class News2Scorer {
    static final String RR = "rr";
    static final String SPO2 = "spo2";
    static final String OXYGEN = "oxygen";
    static final String SBP = "sbp";
    static final String PULSE = "pulse";
    static final String CONSCIOUSNESS = "consciousness";
    static final String TEMP = "temp";

    private News2Scorer() {
    }

    /** Half-up rounding through the decimal text of the double, so 38.05 is 38.05 and not 38.0499999. */
    private static final double[] SCALE = {1, 10, 100, 1_000};
    /** Scaled values closer than this to a half go through BigDecimal (see {@link #round}). */
    private static final double HALF_MARGIN = 1e-6;

    /**
     * Half-up rounding of the value as written in decimal ({@code BigDecimal.valueOf}, so 37.05 → 37.1,
     * which double arithmetic would get wrong). Most readings already have no more decimals than asked
     * (integer SpO2 and pulse, one-decimal temperatures): those are returned as they are, without the
     * BigDecimal (it was a tenth of the shard's per-pack allocation).
     */
    static double round(double value, int decimals) {
        if (decimals >= 0 && decimals < SCALE.length && Double.isFinite(value) && Math.abs(value) < 1e9) {
            double k = Math.rint(value * SCALE[decimals]);
            if (k / SCALE[decimals] == value) {
                return value;
            }
            // Not near a half: the decimal text and the double are within 2.4e-7 of each other once scaled
            // (|value| < 1e6, at most 3 decimals), so both round to the same integer and nearest-integer
            // rounding is what HALF_UP gives; k / 10^d is the double nearest the decimal result, as
            // BigDecimal.doubleValue() is (+ 0.0 turns -0.0 into the 0.0 BigDecimal gives). A ratio unit
            // (SpO2 0.93 → 93.00000000000001) took the BigDecimal below at every reading before.
            double scaled = value * SCALE[decimals];
            if (Math.abs(value) < 1e6 && Math.abs(scaled - Math.floor(scaled) - 0.5) > HALF_MARGIN) {
                return k / SCALE[decimals] + 0.0;
            }
        }
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    static int respiration(double rr) {
        long v = Math.round(round(rr, 0));
        if (v <= 8) {
            return 3;
        }
        if (v <= 11) {
            return 1;
        }
        if (v <= 20) {
            return 0;
        }
        return v <= 24 ? 2 : 3;
    }

    static int spo2Scale1(double spo2) {
        long v = Math.round(round(spo2, 0));
        if (v <= 91) {
            return 3;
        }
        if (v <= 93) {
            return 2;
        }
        return v <= 95 ? 1 : 0;
    }

    /**
     * SpO2 Scale 2 (hypercapnic respiratory failure, target 88–92 %): low values as Scale 1 shifted down;
     * at 93 % and above only supplemental oxygen scores (over-oxygenation), on air it scores 0.
     */
    static int spo2Scale2(double spo2, boolean onOxygen) {
        long v = Math.round(round(spo2, 0));
        if (v <= 83) {
            return 3;
        }
        if (v <= 85) {
            return 2;
        }
        if (v <= 87) {
            return 1;
        }
        if (v <= 92 || !onOxygen) {
            return 0;
        }
        if (v <= 94) {
            return 1;
        }
        return v <= 96 ? 2 : 3;
    }

    static int oxygen(boolean supplemental) {
        return supplemental ? 2 : 0;
    }

    static int systolic(double sbp) {
        long v = Math.round(round(sbp, 0));
        if (v <= 90) {
            return 3;
        }
        if (v <= 100) {
            return 2;
        }
        if (v <= 110) {
            return 1;
        }
        return v <= 219 ? 0 : 3;
    }

    static int pulse(double hr) {
        long v = Math.round(round(hr, 0));
        if (v <= 40) {
            return 3;
        }
        if (v <= 50) {
            return 1;
        }
        if (v <= 90) {
            return 0;
        }
        if (v <= 110) {
            return 1;
        }
        return v <= 130 ? 2 : 3;
    }

    /** ACVPU ordinal: 0 = Alert scores 0; new Confusion, Voice, Pain, Unresponsive (1..4) score 3. */
    static int consciousness(int acvpu) {
        return acvpu == 0 ? 0 : 3;
    }

    static int temperature(double celsius) {
        double v = round(celsius, 1);
        // compare in tenths to avoid binary-fraction edges (e.g. 35.0 vs 35.000000001)
        long tenths = Math.round(v * 10);
        if (tenths <= 350) {
            return 3;
        }
        if (tenths <= 360) {
            return 1;
        }
        if (tenths <= 380) {
            return 0;
        }
        return tenths <= 390 ? 1 : 2;
    }
}
