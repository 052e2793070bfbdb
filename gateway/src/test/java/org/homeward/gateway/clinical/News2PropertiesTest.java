package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

/** NEWS2 properties over the whole plausible range: rounding first, and scores never improve as a value worsens. */
class News2PropertiesTest {

    @Property(tries = 500)
    void temperatureIsScoredOnTheValueRoundedToOneDecimal(
            @ForAll @BigRange(min = "25.00", max = "45.00") @Scale(2) BigDecimal t) {
        double v = t.doubleValue();
        assertThat(News2Scorer.temperature(v)).isEqualTo(News2Scorer.temperature(News2Scorer.round(v, 1)));
    }

    @Property(tries = 500)
    void lowerSpo2NeverScoresLess(@ForAll @DoubleRange(min = 50, max = 100) double a,
                                  @ForAll @DoubleRange(min = 50, max = 100) double b) {
        double low = Math.min(a, b);
        double high = Math.max(a, b);
        assertThat(News2Scorer.spo2Scale1(low)).isGreaterThanOrEqualTo(News2Scorer.spo2Scale1(high));
    }

    @Property(tries = 500)
    void pulseScoreGrowsAwayFromTheNormalBand(@ForAll @DoubleRange(min = 20, max = 300) double hr) {
        int score = News2Scorer.pulse(hr);
        double r = Math.round(hr);
        int expected = r <= 40 || r >= 131 ? 3 : r >= 111 ? 2 : r <= 50 || r >= 91 ? 1 : 0;
        assertThat(score).isEqualTo(expected);
    }
}
