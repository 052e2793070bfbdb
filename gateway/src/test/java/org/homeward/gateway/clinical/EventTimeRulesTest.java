package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.clinical.Fixture.CUFF;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.OXI;
import static org.homeward.gateway.clinical.Fixture.PATCH;
import static org.homeward.gateway.clinical.Fixture.S;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rules on measurement time whatever order readings arrive in (issue 12: "Fever lost when data is not in time
 * order", "A buffered blood pressure raises a false HIGH that stays latched", duplicates, reorder horizon).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EventTimeRulesTest {

    /** Three patch readings 2 min apart (38.5, 38.6, 38.7 °C) measured from D2 08:00 while the patch was offline. */
    private static final long T0 = Fixture.D2;

    private static void feverBuffer(Fixture f, long... offsets) {
        double[] temps = {38.5, 38.6, 38.7};
        for (long o : offsets) {
            f.arrive(PATCH, Vital.TEMP, temps[(int) (o / (2 * MIN))], T0 + o);
        }
    }

    @Test
    void givenAFeverBufferUploadedNewestFirst_whenItArrives_thenCrsFeverIsRaisedAsInOrder() {
        Fixture inOrder = new Fixture(ClinicalSettings.defaults(), T0 + 10 * MIN);
        feverBuffer(inOrder, 0, 2 * MIN, 4 * MIN);
        Fixture newestFirst = new Fixture(ClinicalSettings.defaults(), T0 + 10 * MIN);
        feverBuffer(newestFirst, 4 * MIN, 2 * MIN, 0);

        assertThat(inOrder.open(Rules.CRS_FEVER)).isPresent();
        assertThat(newestFirst.open(Rules.CRS_FEVER)).hasValueSatisfying(a -> {
            assertThat(a.priority()).isEqualTo(Priority.HIGH);
            assertThat(a.evidence()).contains("38.5 °C at 08:00:00").contains("latest 38.7 °C at 08:04:00")
                    .contains("LATE DATA");
        });
    }

    @Test
    void givenAPackWhoseRecordsAreNewestFirst_whenAllArriveAtOnce_thenCrsFeverIsRaised() {
        Fixture f = new Fixture(ClinicalSettings.defaults(), T0 + 4 * MIN);
        feverBuffer(f, 4 * MIN, 2 * MIN, 0);
        assertThat(f.open(Rules.CRS_FEVER)).isPresent();
    }

    @Test
    void givenOneReadingStampedFourAndAHalfMinutesAhead_whenTheOthersArriveOnTime_thenFeverIsConfirmedAsInOrder() {
        Fixture f = new Fixture(ClinicalSettings.defaults(), T0);
        f.arrive(PATCH, Vital.TEMP, 38.5, T0 + 4 * MIN + 30 * S); // device clock ahead, inside the allowed skew
        f.advance(2 * MIN);
        f.arrive(PATCH, Vital.TEMP, 38.5, f.now);
        f.advance(2 * MIN);
        f.arrive(PATCH, Vital.TEMP, 38.6, f.now);
        assertThat(f.open(Rules.CRS_FEVER)).as("08:02, 08:04 and 08:04:30 span only 2.5 min").isEmpty();
        f.advance(2 * MIN);
        f.arrive(PATCH, Vital.TEMP, 38.7, f.now);
        assertThat(f.open(Rules.CRS_FEVER)).as("08:02 … 08:06 in measurement order span 4 min")
                .hasValueSatisfying(a -> assertThat(a.evidence()).contains("latest 38.7 °C at 08:06:00"));
    }

    @Test
    void givenAFutureStampedSpo2_whenNews2IsScored_thenItUsesTheNewestReadingNotInTheFuture() {
        Fixture f = new Fixture(ClinicalSettings.defaults().withDelays(Delays.defaults().withNews2Spo2Confirm(0)), T0);
        f.arrive(OXI, Vital.SPO2, 97, T0 + 4 * MIN + 30 * S);
        f.advance(S);
        f.arrive(OXI, Vital.SPO2, 93, f.now);
        assertThat(f.monitor.news2(f.now).parts().get("spo2")).as("93 % scores 2").isEqualTo(2);
        f.advance(5 * MIN);
        assertThat(f.monitor.news2(f.now).parts().get("spo2")).as("the clock reached 08:04:30: 97 % is newest").isZero();
    }

    @Test
    void givenALowBpAlreadyFiveMinutesOld_whenItsNormalRepeatArrivesASecondLater_thenNoHypotensionEver() {
        Fixture f = new Fixture(ClinicalSettings.defaults(), T0 + 5 * MIN + 10 * S);
        List<Alarm> first = f.arrive(CUFF, Vital.SBP, 88, T0);
        assertThat(first).as("a buffered low reading waits for its repeat").isEmpty();
        assertThat(f.open(Rules.HYPOTENSION)).isEmpty();
        f.advance(S);
        f.arrive(CUFF, Vital.SBP, 118, T0 + 3 * MIN);
        f.advance(15 * MIN);
        assertThat(f.events).noneMatch(a -> a.rule().equals(Rules.HYPOTENSION));
    }

    @Test
    void givenALowBpAlreadyFiveMinutesOld_whenItsLowRepeatArrives_thenHypotensionIsConfirmedNotUnconfirmed() {
        Fixture f = new Fixture(ClinicalSettings.defaults(), T0 + 5 * MIN + 10 * S);
        f.arrive(CUFF, Vital.SBP, 88, T0);
        f.advance(S);
        f.arrive(CUFF, Vital.SBP, 87, T0 + 3 * MIN);
        assertThat(f.open(Rules.HYPOTENSION)).hasValueSatisfying(a ->
                assertThat(a.evidence()).contains("confirmed by SBP 87").doesNotContain("UNCONFIRMED").contains("LATE DATA"));
    }

    @Test
    void givenABufferedLowBpWithoutRepeat_whenTheWindowPassesAfterItArrived_thenItIsRaisedUnconfirmed() {
        Fixture f = new Fixture(ClinicalSettings.defaults(), T0 + 5 * MIN + 10 * S);
        f.arrive(CUFF, Vital.SBP, 88, T0);
        f.advance(4 * MIN);
        assertThat(f.open(Rules.HYPOTENSION)).isEmpty();
        f.advance(2 * MIN);
        assertThat(f.open(Rules.HYPOTENSION)).hasValueSatisfying(a -> assertThat(a.evidence()).contains("UNCONFIRMED"));
    }

    @Test
    void givenRetransmittedReadings_whenCounted_thenEachSampleCountsOnce() {
        Delays d = Delays.defaults();
        Delays threeSamples = new Delays(3, d.tempSpanMillis(), d.tempClearMillis(), d.spo2Millis(), d.spo2ClearMillis(),
                d.tachyMillis(), d.bradyMillis(), d.hrClearMillis(), d.bpRepeatMinMillis(), d.bpRepeatMaxMillis(),
                d.raiseUnconfirmedBp(), d.news2Millis(), d.maxHoldMillis(), d.poorSignalMillis(), d.motionReleaseMillis(),
                d.offBodyStepWindowMillis(), d.sensorFaultWindowMillis(), d.neuroOverdueLowMillis(),
                d.neuroOverdueMediumMillis(), d.baselineWindowMillis(), d.baselineMinSamples(), d.offlineDelayMillis());
        Fixture f = new Fixture(ClinicalSettings.defaults().withDelays(threeSamples), T0);
        for (int copy = 0; copy < 3; copy++) {
            f.arrive(PATCH, Vital.TEMP, 38.5, T0);
        }
        f.advance(4 * MIN);
        f.arrive(PATCH, Vital.TEMP, 38.5, f.now);
        f.arrive(PATCH, Vital.TEMP, 38.5, f.now);
        assertThat(f.open(Rules.CRS_FEVER)).as("two distinct samples, three needed").isEmpty();
        assertThat(f.monitor.baseline(Vital.TEMP, f.now).orElseThrow().samples()).isEqualTo(2);
    }

    @Test
    void givenASampleBeyondTheReorderHorizon_whenItArrives_thenItChangesNoRule() {
        ClinicalSettings halfHour = ClinicalSettings.defaults().withReorderHorizon(30 * MIN);
        Fixture f = new Fixture(halfHour, T0 + 10 * MIN);
        f.stream(PATCH, Vital.TEMP, 37.0, 2 * MIN, 60 * MIN);
        feverBuffer(f, 4 * MIN, 2 * MIN, 0); // measured 66–70 min before the newest sample
        assertThat(f.events).noneMatch(a -> a.rule().equals(Rules.CRS_FEVER));
        assertThat(f.monitor.baseline(Vital.TEMP, f.now).orElseThrow().samples()).as("not learned either").isEqualTo(31);
    }

    @Test
    void givenAPastFeverInsideTheHorizon_whenItArrivesAfterNormalReadings_thenItIsRaisedLatchedAndMarkedLate() {
        Fixture f = new Fixture(ClinicalSettings.defaults(), T0 + 10 * MIN);
        f.stream(PATCH, Vital.TEMP, 37.0, 2 * MIN, 60 * MIN);
        feverBuffer(f, 4 * MIN, 2 * MIN, 0);
        assertThat(f.open(Rules.CRS_FEVER)).as("HIGH latches, though the newest readings are normal")
                .hasValueSatisfying(a -> assertThat(a.evidence()).contains("LATE DATA"));
        f.advance(2 * MIN);
        f.arrive(PATCH, Vital.TEMP, 37.1, f.now);
        assertThat(f.events.stream().filter(a -> a.rule().equals(Rules.CRS_FEVER)).map(Alarm::id).distinct())
                .as("one alarm, not re-raised by later evaluations").hasSize(1);
    }
}
