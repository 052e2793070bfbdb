package org.homeward.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.LearnedBaseline;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;

/** The fold's own rules: tail start by look-back, what is carried, the codec, a checkpoint re-based on itself. */
class CheckpointFoldTest {
    static final long MIN = 60_000;
    static final long T0 = 1_800_000_000_000L;

    @Test
    void givenTenHoursOfRecords_whenCheckpointed_thenTheTailIsTheLastHourAndOnlyOpenAlarmsAndNewestReadingsAreCarried() {
        CheckpointFold fold = new CheckpointFold(3, 60 * MIN, 60 * MIN);
        long offset = 0;
        for (int m = 0; m < 600; m++) {
            fold.add(offset++, reading("d-1", Vital.HR, 80 + m % 3, T0 + m * MIN));
            if (m == 10) {
                fold.add(offset++, alarm("a-open", AlarmState.ACTIVE, T0 + m * MIN));
                fold.add(offset++, alarm("a-closed", AlarmState.ACTIVE, T0 + m * MIN));
            }
            if (m == 20) {
                fold.add(offset++, alarm("a-closed", AlarmState.RESOLVED, T0 + m * MIN));
            }
            if (m == 100) { // an oximeter quiet since: its newest reading is older than the tail
                fold.add(offset++, reading("d-2", Vital.SPO2, 96, T0 + m * MIN));
            }
        }
        CheckpointFold.Checkpoint c = fold.checkpoint();

        assertThat(c.coveredOffset()).isEqualTo(offset);
        assertThat(c.tailStart()).as("first record of minute 539 (newest 599 − 60)").isEqualTo(539 + 4);
        List<String> carried = c.carried().stream().map(CheckpointFoldTest::describe).toList();
        assertThat(carried).as("the HR device's newest reading is in the tail; a-closed was resolved before it")
                .containsExactly("alarm a-open", "reading SPO2 " + (T0 + 100 * MIN));
    }

    @Test
    void givenAVitalStillLearningItsBaseline_whenCheckpointed_thenTheTailStartsAtItsFirstReadingUntilTheSpanCloses() {
        CheckpointFold fold = new CheckpointFold(0, 60 * MIN, 180 * MIN); // learning span 3 h, look-back 1 h
        long offset = 0;
        for (int m = 0; m < 150; m++) {
            fold.add(offset++, reading("d-1", Vital.HR, 80, T0 + m * MIN));
        }
        assertThat(fold.checkpoint().tailStart()).as("HR learning since offset 0").isZero();
        for (int m = 150; m < 300; m++) {
            fold.add(offset++, reading("d-1", Vital.HR, 80, T0 + m * MIN));
            if (m == 200) { // a new vital of the same patient: its own span, from its first reading
                fold.add(offset++, reading("d-2", Vital.SPO2, 96, T0 + m * MIN));
            }
        }
        long spo2First = 201;
        assertThat(fold.checkpoint().tailStart()).as("HR closed at 3 h; SpO2 learning since minute 200, before the look-back's minute 239")
                .isEqualTo(spo2First);
        for (int m = 300; m < 400; m++) {
            fold.add(offset++, reading("d-1", Vital.HR, 80, T0 + m * MIN));
            fold.add(offset++, reading("d-2", Vital.SPO2, 96, T0 + m * MIN));
        }
        CheckpointFold.Checkpoint c = fold.checkpoint();
        assertThat(c.tailStart()).as("both closed: the look-back alone (first record of minute 339)")
                .isEqualTo(300 + 1 + 2 * (339 - 300));
        CheckpointFold seeded = new CheckpointFold(0, 60 * MIN, 180 * MIN);
        seeded.seed(c);
        seeded.add(offset, reading("d-1", Vital.HR, 80, T0 + 400 * MIN));
        assertThat(seeded.checkpoint().tailStart()).as("a carried vital does not start learning again")
                .isEqualTo(c.tailStart());
    }

    @Test
    void givenBaselineRecordsBeforeTheTail_whenCheckpointed_thenTheNewestPerPatientAndVitalIsCarriedAndSurvivesReseeding() {
        CheckpointFold fold = new CheckpointFold(0, 60 * MIN, 60 * MIN);
        long offset = 0;
        LearnedBaseline older = new LearnedBaseline("p-1", Vital.TEMP, T0, 10, 36.5, 0.2);
        LearnedBaseline newer = new LearnedBaseline("p-1", Vital.TEMP, T0, 12, 36.4, 0.3);
        LearnedBaseline hr = new LearnedBaseline("p-1", Vital.HR, T0, 12, 75, 9);
        for (int m = 0; m < 300; m++) {
            fold.add(offset++, reading("d-1", Vital.HR, 80, T0 + m * MIN));
            if (m == 100) {
                fold.add(offset++, JournalRecords.baseline(older));
                fold.add(offset++, JournalRecords.baseline(hr));
            }
            if (m == 110) {
                fold.add(offset++, JournalRecords.baseline(newer));
            }
        }
        CheckpointFold.Checkpoint c = fold.checkpoint();
        assertThat(c.carried().stream().map(CheckpointFoldTest::describe).toList())
                .as("the newer TEMP record replaces the older; HR's is kept").containsExactly("baseline HR 12", "baseline TEMP 12");

        CheckpointFold seeded = new CheckpointFold(0, 60 * MIN, 60 * MIN);
        seeded.seed(CheckpointFold.Checkpoint.decode(c.encode()));
        for (int m = 300; m < 400; m++) {
            seeded.add(offset++, reading("d-1", Vital.HR, 80, T0 + m * MIN));
        }
        assertThat(seeded.checkpoint().carried().stream().map(CheckpointFoldTest::describe).toList())
                .as("carried again by the next owner's checkpoints").contains("baseline HR 12", "baseline TEMP 12");
    }

    @Test
    void givenACheckpointWithNoRecordAfterIt_whenAnEngineStartedFromItCheckpoints_thenItIsTheSameCheckpoint() {
        CheckpointFold fold = new CheckpointFold(0, 60 * MIN, 60 * MIN);
        for (int m = 0; m < 200; m++) {
            fold.add(m, reading("d-1", Vital.TEMP, 37, T0 + m * MIN));
        }
        CheckpointFold.Checkpoint first = CheckpointFold.Checkpoint.decode(fold.checkpoint().encode());
        CheckpointFold again = new CheckpointFold(0, 60 * MIN, 60 * MIN);
        again.seed(first);

        CheckpointFold.Checkpoint second = again.checkpoint();
        assertThat(second.tailStart()).isEqualTo(first.tailStart());
        assertThat(second.coveredOffset()).isEqualTo(first.coveredOffset());
        assertThat(second.carried()).hasSameSizeAs(first.carried());
    }

    @Test
    void givenBytesOfAnotherFormatOrCut_whenDecoded_thenTheyAreRefusedWithTheReason() {
        byte[] good = new CheckpointFold(1, MIN, MIN).checkpoint().encode();
        byte[] other = good.clone();
        other[0] = 9;
        assertThatThrownBy(() -> CheckpointFold.Checkpoint.decode(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 9");
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 2);
        assertThatThrownBy(() -> CheckpointFold.Checkpoint.decode(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut or corrupt");
    }

    private static byte[] reading(String device, Vital v, double value, long at) {
        return JournalRecords.readings(List.of(new Reading(device, "p-1", v, value, at, at, Quality.OK, "", false)));
    }

    private static byte[] alarm(String id, AlarmState state, long at) {
        return JournalRecords.alarm(new Alarm(id, "p-1", "TACHY", AlarmKind.PHYSIOLOGICAL, Priority.HIGH, state, at, at,
                "", "", "", 0, null, 0));
    }

    private static String describe(byte[] r) {
        JournalRecords.Decoded d = JournalRecords.decode(r);
        if (d.type() == JournalRecords.BASELINE) {
            return "baseline " + d.baseline().vital() + " " + d.baseline().samples();
        }
        return d.type() == JournalRecords.ALARM ? "alarm " + d.alarm().id()
                : "reading " + d.readings().get(0).vital() + " " + d.readings().get(0).receivedAtMillis();
    }
}
