package org.homeward.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.ThresholdChange;
import org.homeward.gateway.domain.ThresholdValues;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.TestRecords;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Start-up replay reads a real journal in order and feeds every record type to its target. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalReplayTest {
    @TempDir
    Path dir;

    @Test
    void givenAJournalOfEveryRecordType_whenReplayed_thenEachReachesTheTargetInOrder() throws Exception {
        Reading reading = TestRecords.reading("p-1", Vital.TEMP, 38.4, 1);
        Alarm alarm = TestRecords.alarm("p-1", "a-1", AlarmState.ACTIVE, 2);
        ManualEntry manual = new ManualEntry("p-1", ManualEntry.Kind.ICE_SCORE, 9, "", "nurse", TestRecords.T0);
        ThresholdChange change = new ThresholdChange("p-1", null,
                new ThresholdValues(38.3, 3, 6, 85.5, 88, 140, 35, 2), "admin", TestRecords.T0, "COPD");
        Recorder target = new Recorder();
        try (SegmentedJournal journal = open()) {
            append(journal, JournalRecords.readings(List.of(reading)));
            append(journal, JournalRecords.alarm(alarm));
            append(journal, JournalRecords.deviceEvent(
                    new DeviceEvent("d-1", "p-1", DeviceEvent.Type.CONNECTED, TestRecords.T0, "")));
            append(journal, JournalRecords.manual(manual));
            append(journal, JournalRecords.thresholds(change));

            long count = new JournalReplay(journal, target).run();

            assertThat(count).isEqualTo(5);
        }
        assertThat(target.seen).containsExactly(List.of(reading), alarm, manual, change);
    }

    @Test
    void givenAnUndecodableEntry_whenReplayed_thenItIsSkippedAndTheNextOneStillArrives() throws Exception {
        Alarm alarm = TestRecords.alarm("p-1", "a-1", AlarmState.ACTIVE, 2);
        Recorder target = new Recorder();
        try (SegmentedJournal journal = open()) {
            append(journal, "not a record".getBytes(StandardCharsets.UTF_8));
            append(journal, JournalRecords.alarm(alarm));

            long count = new JournalReplay(journal, target).run();

            assertThat(count).isEqualTo(2);
        }
        assertThat(target.seen).containsExactly(alarm);
    }

    @Test
    void givenMoreEntriesThanOneReadBatch_whenReplayed_thenAllArrive() throws Exception {
        Recorder target = new Recorder();
        int n = 4096 + 10;
        try (SegmentedJournal journal = open()) {
            for (int i = 0; i < n; i++) {
                journal.append(JournalRecords.readings(List.of(TestRecords.reading("p-1", Vital.HR, 60, i))));
            }
            append(journal, JournalRecords.readings(List.of(TestRecords.reading("p-1", Vital.HR, 61, n))));

            assertThat(new JournalReplay(journal, target).run()).isEqualTo(n + 1);
        }
        assertThat(target.seen).hasSize(n + 1);
    }

    private SegmentedJournal open() throws java.io.IOException {
        return SegmentedJournal.open(JournalSettings.defaults(dir), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static void append(SegmentedJournal journal, byte[] payload) throws Exception {
        journal.append(payload).get(10, TimeUnit.SECONDS);
    }

    /** Records every replayed record, in order. */
    static final class Recorder implements JournalReplay.Target {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void readings(List<Reading> readings) {
            seen.add(readings);
        }

        @Override
        public void alarm(Alarm alarm) {
            seen.add(alarm);
        }

        @Override
        public void manual(ManualEntry entry) {
            seen.add(entry);
        }

        @Override
        public void thresholds(ThresholdChange change) {
            seen.add(change);
        }
    }
}
