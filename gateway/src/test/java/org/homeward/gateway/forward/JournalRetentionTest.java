package org.homeward.gateway.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.homeward.gateway.journal.DiskAlarm;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.MutableClock;
import org.homeward.gateway.journal.SegmentedJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Retention deletes whole segments older than the retention period that the shards have evaluated (no forwarder here). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JournalRetentionTest {
    private static final long RETENTION = 60_000;
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(TestRecords.T0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void givenSegmentsYoungerThanTheRetention_whenRun_thenNothingIsDeleted_andOnceOlderAndEvaluated_thenTheyAre() throws Exception {
        try (SegmentedJournal journal = SegmentedJournal.open(
                JournalSettings.defaults(dir).withSegmentBytes(4096), clock, meters)) {
            for (int i = 0; i < 20; i++) {
                journal.append(new byte[1000]).get(10, TimeUnit.SECONDS);
            }
            AtomicLong evaluated = new AtomicLong();
            JournalRetention retention = new JournalRetention(journal, new Forwarders(journal, List.of()),
                    evaluated::get, new DiskAlarm(() -> false, journal::sizeBytes, 0, meters, clock), RETENTION, clock);
            long bytes = journal.sizeBytes();

            retention.run();
            assertThat(journal.sizeBytes()).isEqualTo(bytes);
            assertThat(journal.firstSequence()).isEqualTo(1);

            clock.advance(RETENTION + 1);
            retention.run();
            assertThat(journal.sizeBytes()).as("the shards have not evaluated it yet").isEqualTo(bytes);

            evaluated.set(journal.lastSequence());
            retention.run();

            assertThat(journal.sizeBytes()).isLessThan(bytes);
            assertThat(journal.firstSequence()).isGreaterThan(1);
            assertThat(journal.lastSequence()).isEqualTo(20);
        }
    }
}
