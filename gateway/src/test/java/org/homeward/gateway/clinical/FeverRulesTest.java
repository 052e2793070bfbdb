package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.PATCH;

import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.ManualEntry.Kind;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CRS-FEVER and CRS-PREFEVER (clinical-spec §1.2, §1.7, §5.3). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FeverRulesTest {

    @Test
    void justBelowThresholdNeverRaises() {
        Fixture f = new Fixture();
        f.stream(PATCH, Vital.TEMP, 37.99, 2 * MIN, 20 * MIN);
        assertThat(f.open(Rules.CRS_FEVER)).isEmpty();
    }

    @Test
    void atThresholdRaisesOnlyOnceSamplesSpanFourMinutes() {
        Fixture f = new Fixture();
        f.stream(PATCH, Vital.TEMP, 38.0, 2 * MIN, 2 * MIN);
        assertThat(f.open(Rules.CRS_FEVER)).as("2 samples spanning 2 min: persistence not met").isEmpty();
        f.advance(2 * MIN);
        f.read(PATCH, Vital.TEMP, 38.2);
        assertThat(f.open(Rules.CRS_FEVER)).hasValueSatisfying(a -> {
            assertThat(a.priority()).isEqualTo(Priority.HIGH);
            assertThat(a.kind()).isEqualTo(AlarmKind.PHYSIOLOGICAL);
            assertThat(a.evidence()).contains("38 °C at 2026-11-22 08:00:00").contains("latest 38.2");
            assertThat(a.evidence()).doesNotContainIgnoringCase("grade");
        });
    }

    @Test
    void aNormalSampleInBetweenRestartsThePersistence() {
        Fixture f = new Fixture();
        f.read(PATCH, Vital.TEMP, 38.1);
        f.advance(2 * MIN);
        f.read(PATCH, Vital.TEMP, 37.9);
        f.advance(2 * MIN);
        f.read(PATCH, Vital.TEMP, 38.1);
        f.advance(2 * MIN);
        f.read(PATCH, Vital.TEMP, 38.1);
        assertThat(f.open(Rules.CRS_FEVER)).isEmpty();
        f.advance(2 * MIN);
        f.read(PATCH, Vital.TEMP, 38.1);
        assertThat(f.open(Rules.CRS_FEVER)).isPresent();
    }

    @Test
    void lowConfidenceSamplesHoldTheRunWithoutConfirmingIt() {
        Fixture f = new Fixture();
        f.read(PATCH, Vital.TEMP, 38.3);
        f.advance(2 * MIN);
        f.read(PATCH, Vital.TEMP, 38.4, Quality.LOW_CONFIDENCE);
        f.advance(2 * MIN);
        f.read(PATCH, Vital.TEMP, 38.5, Quality.LOW_CONFIDENCE);
        assertThat(f.open(Rules.CRS_FEVER)).as("held, not confirmed").isEmpty();
        f.advance(2 * MIN);
        f.read(PATCH, Vital.TEMP, 38.4);
        assertThat(f.open(Rules.CRS_FEVER)).as("the hold did not reset the run").isPresent();
    }

    @Test
    void spotThermometerRaisesOnOneReadingAndAsksForReCheck() {
        Fixture f = new Fixture();
        f.monitor.registerDevice("dev-thermo", "thermometer", 0);
        f.read("dev-thermo", Vital.TEMP, 38.0);
        assertThat(f.open(Rules.CRS_FEVER)).hasValueSatisfying(a -> assertThat(a.evidence()).contains("re-check"));
    }

    @Test
    void therapyIsRecordedAndShownInTheEvidence() {
        Fixture f = new Fixture();
        f.manual(Kind.ANTIPYRETIC_GIVEN, 1, "paracetamol 1 g");
        f.stream(PATCH, Vital.TEMP, 38.5, 2 * MIN, 4 * MIN);
        assertThat(f.monitor.therapies()).hasSize(1);
        assertThat(f.open(Rules.CRS_FEVER).orElseThrow().evidence())
                .contains("antipyretic given").contains("paracetamol").contains("no longer required for CRS");
    }

    @Test
    void feverLatchesAndClearsOnlyAfterTenMinutesBelowClearLevel() {
        Fixture f = new Fixture();
        f.stream(PATCH, Vital.TEMP, 38.5, 2 * MIN, 4 * MIN);
        f.stream(PATCH, Vital.TEMP, 37.7, 2 * MIN, 8 * MIN);
        assertThat(f.open(Rules.CRS_FEVER).orElseThrow().evidence()).doesNotContain("condition cleared");
        f.advance(2 * MIN);
        f.read(PATCH, Vital.TEMP, 37.7);
        assertThat(f.open(Rules.CRS_FEVER)).as("HIGH latches").hasValueSatisfying(a -> {
            assertThat(a.state()).isEqualTo(AlarmState.ACTIVE);
            assertThat(a.evidence()).contains("condition cleared");
        });
        assertThat(Fixture.resolved(f.ack(Rules.CRS_FEVER), Rules.CRS_FEVER)).isTrue();
    }

    @Test
    void prefeverUsesTheLearnedBaselinePlusTwoSd() {
        Fixture f = new Fixture(ClinicalSettings.defaults().withDelays(Delays.defaults()), Fixture.D2);
        for (int i = 0; i < 13; i++) {
            f.read(PATCH, Vital.TEMP, i % 2 == 0 ? 36.4 : 36.6);
            f.now += 2 * 60 * MIN;
        }
        Baseline b = f.monitor.baseline(Vital.TEMP, f.now).orElseThrow();
        assertThat(b.complete()).isTrue();
        assertThat(b.mean()).isBetween(36.49, 36.51);
        double limit = b.upper(2);
        f.stream(PATCH, Vital.TEMP, limit - 0.01, 2 * MIN, 6 * MIN);
        assertThat(f.open(Rules.CRS_PREFEVER)).isEmpty();
        f.stream(PATCH, Vital.TEMP, limit + 0.01, 2 * MIN, 4 * MIN);
        assertThat(f.open(Rules.CRS_PREFEVER)).hasValueSatisfying(a -> assertThat(a.priority()).isEqualTo(Priority.MEDIUM));
    }

    @Test
    void configuredBaselineIsUsedAtOnce() {
        Fixture f = new Fixture(ClinicalSettings.defaults().withBaseline(Vital.TEMP, 36.0, 0.3), Fixture.D2);
        f.stream(PATCH, Vital.TEMP, 36.7, 2 * MIN, 4 * MIN);
        assertThat(f.open(Rules.CRS_PREFEVER)).isPresent();
    }

    @Test
    void patchTemperatureJumpIsTreatedAsOffBodyNotFever() {
        Fixture f = new Fixture();
        f.read(PATCH, Vital.TEMP, 36.5);
        f.advance(MIN);
        f.read(PATCH, Vital.TEMP, 38.5);
        f.advance(MIN);
        f.read(PATCH, Vital.TEMP, 38.5);
        assertThat(f.open(Rules.OFF_BODY, PATCH)).isPresent();
        assertThat(f.open(Rules.CRS_FEVER)).isEmpty();
    }

    @Test
    void coldPatchRaisesOffBody() {
        Fixture f = new Fixture();
        f.read(PATCH, Vital.TEMP, 31.9);
        assertThat(f.open(Rules.OFF_BODY, PATCH)).hasValueSatisfying(a -> assertThat(a.kind()).isEqualTo(AlarmKind.TECHNICAL));
        f.advance(2 * MIN);
        f.read(PATCH, Vital.TEMP, 32.5);
        assertThat(f.open(Rules.OFF_BODY, PATCH)).isEmpty();
    }
}
