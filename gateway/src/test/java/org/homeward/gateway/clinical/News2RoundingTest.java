package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link News2Scorer#round}'s arithmetic fast path gives bit for bit what half-up rounding of the
 * decimal text ({@code BigDecimal.valueOf}) gives: for ratio-unit values (0.93 × 100), halves and
 * near-halves written in decimal, negatives, and random values of every vital's range.
 */
@Timeout(30)
class News2RoundingTest {

    static double reference(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    static void same(double v, int decimals) {
        double fast = News2Scorer.round(v, decimals);
        assertThat(Double.doubleToLongBits(fast)).as("round(%s, %d) = %s", v, decimals, fast)
                .isEqualTo(Double.doubleToLongBits(reference(v, decimals)));
    }

    @Test
    void ratioUnitsHalvesAndNegativesRoundAsTheDecimalText() {
        for (int i = 0; i <= 100; i++) {
            same(i / 100.0 * 100, 0);     // SpO2 sent as a ratio '/'
            same(i * 0.01 * 100, 0);
            same(i + 0.5, 0);             // exact halves: away from zero
            same(-i - 0.5, 0);
            same(35 + i * 0.05, 1);        // 38.05 → 38.1, 38.04 → 38.0
            same(i * 0.1 + 0.05, 1);
            same(-0.3, 0);
            same(-0.04, 1);
        }
    }

    @Test
    void randomValuesOfEveryScaleRoundAsTheDecimalText() {
        Random random = new Random(14);
        for (int i = 0; i < 500_000; i++) {
            int decimals = random.nextInt(4);
            double v = switch (random.nextInt(4)) {
                case 0 -> random.nextDouble() * 300;                                   // vitals
                case 1 -> Math.round(random.nextDouble() * 3_000_000) / 1000.0 - 1000;  // 3-decimal text
                case 2 -> (Math.round(random.nextDouble() * 200_000) + 0.5) / 1000.0;   // near a half at 2-3 decimals
                default -> (random.nextDouble() - 0.5) * 2e6;                          // up to the fast path's limit
            };
            same(v, decimals);
        }
    }
}
