package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.OXI;
import static org.homeward.gateway.clinical.Fixture.S;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.processing.PackOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The motion gate whatever the record order of a pack, the technical alarms while the patient moves, and the
 * NEWS2 SpO2 confirmation (docs/clinical.md, "Motion and NEWS2 SpO2"), on a mutable clock.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MotionRulesTest {
    private static final ClinicalSettings NO_CONFIRM = ClinicalSettings.defaults()
            .withDelays(Delays.defaults().withNews2Spo2Confirm(0));

    /** One oximeter pack at {@code f.now}: SpO2, then its own activity sample, in the given order. */
    private static List<Alarm> pack(Fixture f, double spo2, double act, boolean actFirst, boolean ordered) {
        Reading s = Fixture.reading(OXI, Vital.SPO2, spo2, f.now, Quality.OK);
        Reading a = Fixture.reading(OXI, Vital.ACT, act, f.now, Quality.OK);
        List<Reading> records = actFirst ? List.of(a, s) : List.of(s, a);
        List<Alarm> out = new ArrayList<>();
        for (Reading r : ordered ? PackOrder.contextFirst(records) : records) {
            out.addAll(f.collect(f.monitor.onReading(r, f.now)));
        }
        return out;
    }

    private static int spo2Score(Fixture f) {
        return f.monitor.news2(f.now).parts().getOrDefault("spo2", -1);
    }

    @Test
    void theNewSettingsHaveDefaultsAndLeaveTheSpecificationsValuesAlone() {
        Delays d = ClinicalSettings.defaults().delays();
        assertThat(d.maxHoldMillis()).isEqualTo(2 * MIN);
        assertThat(d.poorSignalMillis()).isEqualTo(60 * S);
        assertThat(d.motionMaxHoldMillis()).isEqualTo(10 * MIN);
        assertThat(d.motionPoorSignalMillis()).isEqualTo(10 * MIN);
        assertThat(d.news2Spo2ConfirmMillis()).isEqualTo(2 * MIN);
        assertThat(ClinicalSettings.defaults().priorities().of(Rules.UNABLE_TO_MEASURE_MOVING, DayWindow.HIGH_RISK))
                .isEqualTo(Priority.LOW);
        assertThat(d.withMotionHolds(MIN, 2 * MIN).motionPoorSignalMillis()).isEqualTo(2 * MIN);
        assertThatThrownBy(() -> d.withNews2Spo2Confirm(-1)).hasMessageContaining("negative");
    }

    @Test
    void aPacksOwnActivityHoldsItsSpo2InEitherRecordOrder() {
        for (boolean actFirst : new boolean[] {false, true}) {
            Fixture f = new Fixture(NO_CONFIRM, Fixture.D2);
            f.read(OXI, Vital.SPO2, 97);
            f.advance(5 * S);
            pack(f, 85, 3.0, actFirst, true);
            assertThat(spo2Score(f)).as("act first: %s; the artefact is not scored", actFirst).isZero();
        }
    }

    @Test
    void withoutContextFirstOrderTheSpo2BeforeItsActivityWouldBeTrusted() {
        Fixture f = new Fixture(NO_CONFIRM, Fixture.D2);
        f.read(OXI, Vital.SPO2, 97);
        f.advance(5 * S);
        pack(f, 85, 3.0, false, false);
        assertThat(spo2Score(f)).as("the gate learnt of the motion one record late").isEqualTo(3);
    }

    @Test
    void aLaterPackWithMotionThatArrivedFirstHoldsTheEarlierSample() {
        Fixture f = new Fixture(NO_CONFIRM, Fixture.D2);
        f.read(OXI, Vital.SPO2, 97);
        f.collect(f.monitor.onReading(Fixture.reading(OXI, Vital.ACT, 3.0, f.now + 10 * S, Quality.OK), f.now));
        f.advance(5 * S);
        f.read(OXI, Vital.SPO2, 85);
        assertThat(spo2Score(f)).isZero();
    }

    @Test
    void whileMovingUnableToMeasureWaitsTenMinutesAtLowAndRisesWhenTheSignalStaysPoorAtRest() {
        Fixture f = new Fixture();
        f.read(OXI, Vital.SPO2, 97);
        long start = f.now;
        while (f.now - start < 10 * MIN - 5 * S) {
            f.advance(5 * S);
            pack(f, 88, 3.0, false, true);
        }
        f.advance(9 * S);
        assertThat(f.now - start).as("first held sample at +5 s").isEqualTo(10 * MIN + 4 * S);
        assertThat(f.open(Rules.UNABLE_TO_MEASURE, OXI)).as("held < 10 min while moving").isEmpty();
        assertThat(f.open(Rules.POOR_SIGNAL, OXI)).as("poor signal while moving waits 10 min too").isEmpty();
        f.advance(S);
        Alarm unable = f.open(Rules.UNABLE_TO_MEASURE, OXI).orElseThrow();
        assertThat(unable.priority()).as("moving: the UNABLE-TO-MEASURE/moving row").isEqualTo(Priority.LOW);
        assertThat(unable.evidence()).contains("while the patient moves");
        assertThat(f.open(Rules.POOR_SIGNAL, OXI)).as("SpO2 is reported once, as unable to measure").isEmpty();
        f.advance(35 * S);
        f.read(OXI, Vital.SPO2, 88, Quality.LOW_CONFIDENCE);
        assertThat(f.open(Rules.UNABLE_TO_MEASURE, OXI)).as("at rest and still poor: the day's priority, same alarm")
                .hasValueSatisfying(a -> {
                    assertThat(a.id()).isEqualTo(unable.id());
                    assertThat(a.priority()).isEqualTo(Priority.MEDIUM);
                    assertThat(a.evidence()).contains("max hold 2.0 min");
                });
        f.advance(5 * S);
        f.read(OXI, Vital.SPO2, 97);
        assertThat(f.open(Rules.UNABLE_TO_MEASURE, OXI)).as("a trusted sample clears it").isEmpty();
    }

    @Test
    void motionThatEndsBeforeTheLongHoldRaisesNothing() {
        Fixture f = new Fixture();
        f.read(OXI, Vital.SPO2, 97);
        for (int i = 0; i < 100; i++) {
            f.advance(5 * S);
            pack(f, 88, 3.0, false, true);
        }
        for (int i = 0; i < 10; i++) {
            f.advance(5 * S);
            pack(f, 97, 0.1, false, true);
        }
        assertThat(f.events).as("8 min of motion, then rest").isEmpty();
    }

    @Test
    void withoutMotionTheSpecificationsTwoMinuteHoldAndSixtySecondPoorSignalStay() {
        Fixture f = new Fixture();
        f.read(OXI, Vital.SPO2, 97);
        long start = f.now + 5 * S;
        for (int i = 0; i < 24; i++) {
            f.advance(5 * S);
            f.read(OXI, Vital.SPO2, 88, Quality.LOW_CONFIDENCE);
        }
        assertThat(f.now - start).isEqualTo(2 * MIN - 5 * S);
        assertThat(f.open(Rules.POOR_SIGNAL, OXI)).isPresent();
        assertThat(f.open(Rules.UNABLE_TO_MEASURE, OXI)).isEmpty();
        f.advance(5 * S);
        assertThat(f.open(Rules.UNABLE_TO_MEASURE, OXI)).hasValueSatisfying(a ->
                assertThat(a.evidence()).contains("max hold 2.0 min").doesNotContain("moves"));
    }

    @Test
    void news2ScoresALoneLowSpo2OnlyOnceASecondSampleConfirmsIt() {
        Fixture f = new Fixture();
        f.read(OXI, Vital.SPO2, 97);
        f.advance(5 * S);
        f.read(OXI, Vital.SPO2, 85);
        assertThat(spo2Score(f)).as("alone: the higher of 97 and 85").isZero();
        f.advance(5 * S);
        f.read(OXI, Vital.SPO2, 86);
        assertThat(spo2Score(f)).as("confirmed by a second sample").isEqualTo(3);
        f.advance(5 * S);
        f.read(OXI, Vital.SPO2, 97);
        assertThat(spo2Score(f)).as("a better sample counts at once").isZero();
    }

    /** NEWS2's SpO2 score after a trusted 97 and, {@code gap} later, a trusted 85. */
    private static int scoreOfLowSampleAfter(long gap, ClinicalSettings settings) {
        Fixture f = new Fixture(settings, Fixture.D2);
        f.read(OXI, Vital.SPO2, 97);
        f.advance(gap);
        f.read(OXI, Vital.SPO2, 85);
        return spo2Score(f);
    }

    @Test
    void theConfirmationWindowEdgeIsInclusive() {
        assertThat(scoreOfLowSampleAfter(2 * MIN, ClinicalSettings.defaults()))
                .as("previous exactly 2 min older: still confirms").isZero();
        assertThat(scoreOfLowSampleAfter(2 * MIN + S, ClinicalSettings.defaults()))
                .as("previous too old: the newest is scored alone (a spot check)").isEqualTo(3);
    }

    @Test
    void confirmationOffScoresTheNewestSampleAlone() {
        assertThat(scoreOfLowSampleAfter(5 * S, NO_CONFIRM)).isEqualTo(3);
    }

    @Test
    void aLoneMotionOnsetArtefactNoLongerRaisesNews2Medium() {
        Fixture f = new Fixture();
        f.read(OXI, Vital.RR, 22);
        f.read(OXI, Vital.SPO2, 97);
        f.advance(5 * S);
        pack(f, 85, 1.5, false, true);
        for (int i = 0; i < 60; i++) {
            f.advance(5 * S);
            pack(f, 84, 3.0, false, true);
        }
        assertThat(f.events).noneMatch(a -> a.rule().equals(Rules.NEWS2_MED) || a.rule().equals(Rules.NEWS2_HIGH));
    }
}
