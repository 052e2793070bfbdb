package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.clinical.Fixture.CUFF;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.OXI;
import static org.homeward.gateway.clinical.Fixture.S;

import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HYPOXAEMIA, TACHY/BRADY, HYPOTENSION, motion gate and UNABLE-TO-MEASURE (clinical-spec §1.7, §4.2, §5.3). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CardioRulesTest {

    @Test
    void spo2AtNinetyNeverRaisesAndEightyNineRaisesAfterThirtySeconds() {
        Fixture f = new Fixture();
        f.stream(OXI, Vital.SPO2, 90, S, 60 * S);
        assertThat(f.open(Rules.HYPOXAEMIA)).isEmpty();
        f.stream(OXI, Vital.SPO2, 89, S, 29 * S);
        assertThat(f.open(Rules.HYPOXAEMIA)).as("29 s: persistence not met").isEmpty();
        f.advance(S);
        f.read(OXI, Vital.SPO2, 89);
        assertThat(f.open(Rules.HYPOXAEMIA)).hasValueSatisfying(a -> {
            assertThat(a.priority()).isEqualTo(Priority.HIGH);
            assertThat(a.evidence()).contains("SpO2 89 %");
        });
    }

    @Test
    void lowConfidenceHoldsHypoxaemiaAndMaxHoldRaisesUnableToMeasure() {
        Fixture f = new Fixture();
        f.read(OXI, Vital.SPO2, 85, Quality.LOW_CONFIDENCE);
        for (int i = 0; i < 119; i++) {
            f.advance(S);
            f.read(OXI, Vital.SPO2, 85, Quality.LOW_CONFIDENCE);
        }
        assertThat(f.open(Rules.HYPOXAEMIA)).as("held").isEmpty();
        assertThat(f.open(Rules.UNABLE_TO_MEASURE, OXI)).as("119 s < max hold").isEmpty();
        f.advance(S);
        assertThat(f.open(Rules.UNABLE_TO_MEASURE, OXI)).hasValueSatisfying(a -> {
            assertThat(a.kind()).isEqualTo(AlarmKind.TECHNICAL);
            assertThat(a.priority()).isEqualTo(Priority.MEDIUM);
        });
        f.read(OXI, Vital.SPO2, 97);
        assertThat(f.open(Rules.UNABLE_TO_MEASURE, OXI)).as("a trusted reading clears it").isEmpty();
    }

    @Test
    void highActivityHoldsSpo2LikeLowConfidence() {
        Fixture f = new Fixture();
        f.read("dev-acc", Vital.ACT, 5.0);
        f.stream(OXI, Vital.SPO2, 85, S, 30 * S);
        assertThat(f.open(Rules.HYPOXAEMIA)).isEmpty();
        f.stream(OXI, Vital.SPO2, 85, S, 40 * S);
        assertThat(f.open(Rules.HYPOXAEMIA)).as("released 30 s after motion stopped").isPresent();
    }

    @Test
    void hypoxaemiaClearsOnlyAfterSixtySecondsAtOrAboveNinetyTwo() {
        Fixture f = new Fixture();
        f.stream(OXI, Vital.SPO2, 85, S, 30 * S);
        f.ack(Rules.HYPOXAEMIA);
        f.stream(OXI, Vital.SPO2, 91, S, 120 * S);
        assertThat(f.open(Rules.HYPOXAEMIA)).as("91 is between the bands").isPresent();
        f.stream(OXI, Vital.SPO2, 92, S, 59 * S);
        assertThat(f.open(Rules.HYPOXAEMIA)).isPresent();
        f.advance(S);
        f.read(OXI, Vital.SPO2, 92);
        assertThat(f.open(Rules.HYPOXAEMIA)).as("acknowledged and cleared → resolved").isEmpty();
    }

    @Test
    void tachycardiaNeedsTwoMinutesAtOneThirtyOne() {
        Fixture f = new Fixture();
        f.stream(OXI, Vital.HR, 130, 5 * S, 5 * MIN);
        assertThat(f.open(Rules.TACHY)).isEmpty();
        f.stream(OXI, Vital.HR, 131, 5 * S, 115 * S);
        assertThat(f.open(Rules.TACHY)).isEmpty();
        f.advance(5 * S);
        f.read(OXI, Vital.HR, 131);
        assertThat(f.open(Rules.TACHY)).hasValueSatisfying(a -> assertThat(a.priority()).isEqualTo(Priority.HIGH));
    }

    @Test
    void bradycardiaAtForty() {
        Fixture f = new Fixture();
        f.stream(OXI, Vital.HR, 41, 5 * S, 2 * MIN);
        assertThat(f.open(Rules.BRADY)).isEmpty();
        f.stream(OXI, Vital.HR, 40, 5 * S, 60 * S);
        assertThat(f.open(Rules.BRADY)).isPresent();
    }

    @Test
    void spotBpNeedsARepeatTwoToFiveMinutesLater() {
        Fixture f = new Fixture();
        f.read(CUFF, Vital.SBP, 89);
        assertThat(f.open(Rules.HYPOTENSION)).isEmpty();
        assertThat(f.monitor.bpRecheckDueBy()).hasValue(f.now + 5 * MIN);
        f.advance(MIN);
        f.read(CUFF, Vital.SBP, 88);
        assertThat(f.open(Rules.HYPOTENSION)).as("repeat after 1 min is too early").isEmpty();
        f.advance(MIN);
        f.read(CUFF, Vital.SBP, 88);
        assertThat(f.open(Rules.HYPOTENSION)).hasValueSatisfying(a -> assertThat(a.evidence()).contains("confirmed by"));
    }

    @Test
    void normalRepeatCancelsAndNinetyIsNotHypotension() {
        Fixture f = new Fixture();
        f.read(CUFF, Vital.SBP, 89);
        f.advance(3 * MIN);
        f.read(CUFF, Vital.SBP, 90);
        assertThat(f.monitor.bpRecheckDueBy()).isEmpty();
        f.advance(10 * MIN);
        assertThat(f.open(Rules.HYPOTENSION)).isEmpty();
    }

    @Test
    void belowEightyRaisesImmediately() {
        Fixture f = new Fixture();
        f.read(CUFF, Vital.SBP, 80);
        assertThat(f.open(Rules.HYPOTENSION)).isEmpty();
        f.advance(10 * S);
        f.read(CUFF, Vital.SBP, 79);
        assertThat(f.open(Rules.HYPOTENSION)).hasValueSatisfying(a -> assertThat(a.evidence()).contains("no repeat awaited"));
    }

    @Test
    void missingRepeatRaisesUnconfirmedWhenTheWindowCloses() {
        Fixture f = new Fixture();
        f.read(CUFF, Vital.SBP, 87);
        f.advance(5 * MIN);
        assertThat(f.open(Rules.HYPOTENSION)).isEmpty();
        f.advance(S);
        assertThat(f.open(Rules.HYPOTENSION)).hasValueSatisfying(a -> assertThat(a.evidence()).contains("UNCONFIRMED"));
    }

    @Test
    void relativeDropBelowEightyPercentOfBaselineAndBelowHundred() {
        Fixture f = new Fixture(ClinicalSettings.defaults().withBaseline(Vital.SBP, 125, 8), Fixture.D2);
        f.read(CUFF, Vital.SBP, 100);
        assertThat(f.monitor.bpRecheckDueBy()).as("100 is not below 100").isEmpty();
        f.read(CUFF, Vital.SBP, 99);
        f.advance(3 * MIN);
        f.read(CUFF, Vital.SBP, 98);
        assertThat(f.open(Rules.HYPOTENSION)).hasValueSatisfying(a -> assertThat(a.evidence()).contains("% of baseline"));
    }

    @Test
    void hypotensionInAFebrilePatientSaysSoWithoutGrading() {
        Fixture f = new Fixture();
        f.stream(Fixture.PATCH, Vital.TEMP, 38.6, 2 * MIN, 4 * MIN);
        f.read(CUFF, Vital.SBP, 75);
        assertThat(f.open(Rules.HYPOTENSION).orElseThrow().evidence())
                .contains("with fever").doesNotContainIgnoringCase("grade");
        assertThat(f.open(Rules.HYPOTENSION).orElseThrow().state()).isEqualTo(AlarmState.ACTIVE);
    }
}
