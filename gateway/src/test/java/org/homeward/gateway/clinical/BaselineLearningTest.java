package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.OXI;
import static org.homeward.gateway.clinical.Fixture.PATCH;
import static org.homeward.gateway.clinical.Fixture.S;

import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Learned baselines learn only from plausible, trusted readings measured while worn, in the rule's normal
 * band and outside alarm episodes (docs/clinical.md, "Baselines"). Failed before: a febrile patient's
 * band was learned from the fever itself (the demo showed 37.7–40.0 °C), an off-body oximeter and the
 * readings of an open hypoxaemia fed the HR baseline.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BaselineLearningTest {
    @Test
    void givenAFeverInTheFirstDayThenTheTemperatureBaselineLearnsOnlyTheWellReadings() {
        Fixture f = new Fixture();
        for (int i = 0; i < 8; i++) {
            f.read(PATCH, Vital.TEMP, i % 2 == 0 ? 36.4 : 36.6);
            f.advance(S);
            f.now += 60 * MIN;
        }
        f.stream(PATCH, Vital.TEMP, 38.7, 2 * MIN, 30 * MIN);
        assertThat(f.open(Rules.CRS_FEVER)).isPresent();
        for (int i = 0; i < 6; i++) {
            f.now += 2 * 60 * MIN;
            f.read(PATCH, Vital.TEMP, 39.0 + i * 0.2);
        }
        Baseline b = f.monitor.baseline(Vital.TEMP, f.now).orElseThrow();
        assertThat(b.samples()).isEqualTo(8);
        assertThat(b.mean()).isBetween(36.49, 36.51);
        assertThat(b.upper(2)).isLessThan(37.0);
    }

    @Test
    void givenAnOffBodyOximeterThenItsHeartRateDoesNotFeedTheBaseline() {
        Fixture f = new Fixture();
        f.read(OXI, Vital.HR, 72);
        f.advance(10 * S);
        f.read(OXI, Vital.WEAR, 0);
        f.advance(10 * S);
        f.read(OXI, Vital.HR, 110);
        f.advance(10 * S);
        assertThat(f.monitor.baseline(Vital.HR, f.now).orElseThrow().samples()).isEqualTo(1);
    }

    @Test
    void givenAnOpenHypoxaemiaThenReadingsDuringTheEpisodeDoNotFeedTheBaseline() {
        Fixture f = new Fixture();
        f.read(OXI, Vital.HR, 80);
        f.stream(OXI, Vital.SPO2, 85, S, 40 * S);
        assertThat(f.open(Rules.HYPOXAEMIA)).isPresent();
        f.read(OXI, Vital.HR, 95);
        f.advance(S);
        f.read(OXI, Vital.HR, 97);
        assertThat(f.monitor.baseline(Vital.HR, f.now).orElseThrow().samples()).isEqualTo(1);
    }

    /**
     * A learned baseline is exported once its learning is over (window 24 h + reorder horizon 3 h past the first
     * learned sample, by measurement time), exactly once; restored into another monitor it gives the same baseline
     * and takes no more samples (a take-over replays samples after it: they must not count twice).
     */
    @Test
    void givenTheWindowAndHorizonPassed_thenTheBaselineIsExportedOnceAndARestoredOneTakesNoMoreSamples() {
        Fixture f = new Fixture();
        long first = f.now;
        for (int h = 0; h < 24; h++) {
            f.now = first + h * 60 * MIN;
            f.read(OXI, Vital.HR, h % 2 == 0 ? 72 : 76);
        }
        f.now = first + 26 * 60 * MIN;
        f.read(OXI, Vital.HR, 74);
        assertThat(f.monitor.closedBaselines()).as("window closed, but a sample measured in it may still be sorted in")
                .isEmpty();
        f.now = first + 27 * 60 * MIN;
        f.read(OXI, Vital.HR, 74);
        java.util.List<org.homeward.gateway.domain.LearnedBaseline> closed = f.monitor.closedBaselines();
        assertThat(closed).singleElement().satisfies(b -> {
            assertThat(b.vital()).isEqualTo(Vital.HR);
            assertThat(b.firstAtMillis()).isEqualTo(first);
            assertThat(b.samples()).isEqualTo(24);
            assertThat(Math.abs(b.mean() - 74.0)).isLessThan(1e-9);
        });
        f.now += 60 * MIN;
        f.read(OXI, Vital.HR, 74);
        assertThat(f.monitor.closedBaselines()).as("once").isEmpty();

        Fixture g = new Fixture();
        g.monitor.restoreBaseline(closed.get(0));
        g.now = first + 60 * MIN; // inside the restored window: a learner would count it
        g.read(OXI, Vital.HR, 100);
        long at = first + 28 * 60 * MIN;
        assertThat(g.monitor.baseline(Vital.HR, at)).isEqualTo(f.monitor.baseline(Vital.HR, at));
        assertThat(g.monitor.baseline(Vital.HR, at).orElseThrow().samples()).isEqualTo(24);
        assertThat(g.monitor.closedBaselines()).as("a restored baseline is not written again").isEmpty();
    }
}
