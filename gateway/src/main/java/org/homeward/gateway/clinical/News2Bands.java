package org.homeward.gateway.clinical;

import java.util.Optional;
import org.homeward.gateway.domain.Vital;

/**
 * A single reading judged by the NEWS2 single-parameter bands that the gateway's NEWS2 rule uses
 * ({@link News2Scorer}, clinical-spec §2.1), for systems that show a flag next to a value (FHIR
 * {@code Observation.interpretation}, HL7 v3 ObservationInterpretation). Score 0 is normal
 * ({@code N}); a score of 1–2 below or above the score-0 band is {@code L}/{@code H}, a score of 3
 * is {@code LL}/{@code HH}. SpO2 uses Scale 1 (the scale a patient is on is not known per
 * reading); diastolic pressure, weight and telemetry have no NEWS2 band and no interpretation.
 * Pure and stateless.
 */
public final class News2Bands {
    /** HL7 v3 ObservationInterpretation codes this class gives. */
    public enum Interpretation { N, L, LL, H, HH }

    /** The score-0 band, inclusive, in the vital's canonical unit; {@code high} is NaN when open. */
    public record Normal(double low, double high) {
    }

    private News2Bands() {
    }

    public static Optional<Normal> normal(Vital v) {
        return switch (v) {
            case TEMP -> Optional.of(new Normal(36.1, 38.0));
            case HR -> Optional.of(new Normal(51, 90));
            case RR -> Optional.of(new Normal(12, 20));
            case SBP -> Optional.of(new Normal(111, 219));
            case SPO2 -> Optional.of(new Normal(96, Double.NaN));
            default -> Optional.empty();
        };
    }

    public static Optional<Interpretation> interpret(Vital v, double value) {
        Optional<Normal> band = normal(v);
        if (band.isEmpty()) {
            return Optional.empty();
        }
        int score = switch (v) {
            case TEMP -> News2Scorer.temperature(value);
            case HR -> News2Scorer.pulse(value);
            case RR -> News2Scorer.respiration(value);
            case SBP -> News2Scorer.systolic(value);
            default -> News2Scorer.spo2Scale1(value);
        };
        if (score == 0) {
            return Optional.of(Interpretation.N);
        }
        boolean low = value < band.get().low();
        if (score == 3) {
            return Optional.of(low ? Interpretation.LL : Interpretation.HH);
        }
        return Optional.of(low ? Interpretation.L : Interpretation.H);
    }
}
