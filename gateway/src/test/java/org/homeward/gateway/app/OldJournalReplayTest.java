package org.homeward.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.processing.JournalReadingLog;
import org.homeward.gateway.processing.ReadingLog;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.records.OldReadingsEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal written before the compact readings record (version 1 entries), continued by this version
 * (version 2 entries), replays at start-up and reads back for the shards with every reading of both.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OldJournalReplayTest {
    static final long T = 1_764_057_600_000L;
    static final List<Reading> OLD = OldReadingsEntry.READINGS;
    @TempDir
    Path dir;

    @Test
    void givenAJournalOfOldThenNewReadingEntries_whenReopenedAndReplayed_thenEveryReadingArrivesInOrder() throws Exception {
        List<Reading> fresh = List.of(new Reading("ox-1", "p-1", Vital.HR, 121, T + 1_000, T + 1_100, Quality.OK,
                "/min", false));
        try (SegmentedJournal journal = open()) {
            journal.append(OldReadingsEntry.bytes()).get(10, TimeUnit.SECONDS);
        }
        try (SegmentedJournal journal = open()) { // the upgraded gateway appends to the old journal
            journal.append(JournalRecords.readings(fresh)).get(10, TimeUnit.SECONDS);
        }
        try (SegmentedJournal journal = open()) {
            JournalReplayTest.Recorder target = new JournalReplayTest.Recorder();

            assertThat(new JournalReplay(journal, target).run()).isEqualTo(2);
            assertThat(target.seen).containsExactly(OLD, fresh);

            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            List<ReadingLog.Entry> read = new JournalReadingLog(journal, meters).read(0, 10);
            assertThat(read).extracting(ReadingLog.Entry::readings).containsExactly(OLD, fresh);
        }
    }

    private SegmentedJournal open() throws java.io.IOException {
        return SegmentedJournal.open(JournalSettings.defaults(dir), Clock.systemUTC(), new SimpleMeterRegistry());
    }
}
