package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.OXI;
import static org.homeward.gateway.clinical.Fixture.PATCH;
import static org.homeward.gateway.clinical.Fixture.CUFF;

import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.ManualEntry.Kind;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.domain.News2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** NEWS2 aggregate: partial scores, freshness, low-confidence exclusion, O2, and the NEWS2 triggers. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class News2AggregateTest {

    private void allNormal(Fixture f) {
        f.read(PATCH, Vital.RR, 16);
        f.read(OXI, Vital.SPO2, 97);
        f.read(CUFF, Vital.SBP, 120);
        f.read(OXI, Vital.HR, 70);
        f.read(PATCH, Vital.TEMP, 36.8);
    }

    @Test
    void withoutManualItemsTheScoreIsPartialAndNamesWhatIsMissing() {
        Fixture f = new Fixture();
        allNormal(f);
        News2 n = f.monitor.news2(f.now);
        assertThat(n.partial()).isTrue();
        assertThat(n.missing()).containsExactlyInAnyOrder("oxygen", "consciousness");
        assertThat(n.total()).isZero();
    }

    @Test
    void completeWhenAcvpuAndAirAreEnteredAndOxygenAddsTwo() {
        Fixture f = new Fixture();
        allNormal(f);
        f.manual(Kind.ACVPU, 0, "");
        f.manual(Kind.SUPPLEMENTAL_OXYGEN, 0, "");
        assertThat(f.monitor.news2(f.now).partial()).isFalse();
        assertThat(f.monitor.news2(f.now).total()).isZero();
        f.manual(Kind.SUPPLEMENTAL_OXYGEN, 2, "nasal cannula 2 L/min");
        assertThat(f.monitor.news2(f.now).total()).isEqualTo(2);
        assertThat(f.monitor.news2(f.now).parts()).containsEntry("oxygen", 2);
    }

    @Test
    void staleParameterDropsOutAfterTheFreshnessWindow() {
        Fixture f = new Fixture();
        allNormal(f);
        f.now += 60 * MIN;
        assertThat(f.monitor.news2(f.now).missing()).doesNotContain("temp");
        f.now += 1;
        assertThat(f.monitor.news2(f.now).missing()).contains("temp", "rr", "spo2", "sbp", "pulse");
    }

    @Test
    void lowConfidenceReadingIsNotScored() {
        Fixture f = new Fixture();
        allNormal(f);
        f.now += 1000;
        f.read(OXI, Vital.SPO2, 85, Quality.LOW_CONFIDENCE);
        assertThat(f.monitor.news2(f.now).parts()).containsEntry("spo2", 0);
    }

    @Test
    void newConfusionCountsAsCvpu() {
        Fixture f = new Fixture();
        allNormal(f);
        f.manual(Kind.ACVPU, 0, "");
        f.now += 1000;
        f.manual(Kind.NEW_CONFUSION, 1, "word-finding difficulty");
        assertThat(f.monitor.news2(f.now).parts()).containsEntry("consciousness", 3);
        assertThat(f.monitor.news2(f.now).anyThree()).isTrue();
    }

    @Test
    void singleRedScoreRaisesNews2MedAfterPersistenceEvenWhenPartial() {
        Fixture f = new Fixture();
        allNormal(f);
        f.read(PATCH, Vital.RR, 26);
        f.advance(59_000);
        assertThat(f.open(Rules.NEWS2_MED)).isEmpty();
        f.advance(1_000);
        assertThat(f.open(Rules.NEWS2_MED)).hasValueSatisfying(a -> {
            assertThat(a.priority()).isEqualTo(Priority.MEDIUM);
            assertThat(a.evidence()).contains("partial").contains("rr 3");
        });
    }

    @Test
    void aggregateSevenRaisesNews2HighAndClosesMed() {
        Fixture f = new Fixture();
        allNormal(f);
        f.manual(Kind.ACVPU, 0, "");
        f.manual(Kind.SUPPLEMENTAL_OXYGEN, 0, "");
        f.read(PATCH, Vital.RR, 22); // 2
        f.read(OXI, Vital.SPO2, 94);
        f.read(OXI, Vital.SPO2, 94); // 1, once a second sample confirms it
        f.read(OXI, Vital.HR, 112); // 2
        f.advance(61_000);
        assertThat(f.monitor.news2(f.now).total()).isEqualTo(5);
        assertThat(f.open(Rules.NEWS2_MED)).isPresent();
        f.read(CUFF, Vital.SBP, 105); // 1
        f.read(PATCH, Vital.TEMP, 38.3); // 1 → total 7
        f.advance(61_000);
        assertThat(f.open(Rules.NEWS2_HIGH)).hasValueSatisfying(a -> assertThat(a.priority()).isEqualTo(Priority.HIGH));
        assertThat(f.open(Rules.NEWS2_MED)).isEmpty();
    }
}
