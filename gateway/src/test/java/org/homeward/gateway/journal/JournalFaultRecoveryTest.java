package org.homeward.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.homeward.gateway.journal.JournalFixture.payload;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: one failed segment roll (EMFILE under a descriptor flood) used to poison the journal
 * until a restart. The failure here is a real file-system condition: a directory sits where the next
 * segment file must be created, so opening it fails (as root too), until the test removes it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalFaultRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void givenSegmentRollFails_whenTheCauseGoesAway_thenAppendsResumeWithoutRestartAndNothingAcknowledgedIsLost()
            throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        JournalSettings settings = JournalSettings.defaults(dir).withSegmentBytes(4096);
        TreeMap<Long, String> acknowledged = new TreeMap<>();
        List<Path> blockers = new ArrayList<>();
        try (SegmentedJournal journal = SegmentedJournal.open(settings, JournalFixture.CLOCK, meters)) {
            long seq = journal.append(payload(0)).get(10, TimeUnit.SECONDS);
            acknowledged.put(seq, new String(payload(0)));
            // given: every segment file the next rolls could create is blocked by a directory
            for (long s = seq + 1; s <= seq + 300; s++) {
                Path blocker = Segment.pathFor(dir, s);
                Files.createDirectory(blocker);
                blockers.add(blocker);
            }
            Throwable failure = null;
            for (int i = 1; i < 300 && failure == null; i++) {
                CompletableFuture<Long> f = journal.append(payload(i));
                try {
                    acknowledged.put(f.get(10, TimeUnit.SECONDS), new String(payload(i)));
                } catch (ExecutionException e) {
                    failure = e.getCause();
                }
            }
            assertThat(failure).isInstanceOf(JournalException.class);
            assertThat(((JournalException) failure).kind()).isEqualTo(JournalException.Kind.IO);
            assertThat(journal.faultedSince()).isPresent();
            assertThat(journal.refusal()).get().extracting(JournalException::kind).isEqualTo(JournalException.Kind.IO);
            assertThat(meters.counter(Meters.JOURNAL_FAILURES).count()).isEqualTo(1.0);

            // when: the cause goes away (no restart)
            for (Path blocker : blockers) {
                Files.delete(blocker);
            }

            // then: appends are accepted again by themselves
            await().atMost(Duration.ofSeconds(10)).until(() -> journal.refusal().isEmpty());
            assertThat(journal.faultedSince()).isEmpty();
            for (int i = 300; i < 400; i++) {
                acknowledged.put(journal.append(payload(i)).get(10, TimeUnit.SECONDS), new String(payload(i)));
            }
            assertThat(meters.counter(Meters.JOURNAL_RECOVERIES).count()).isEqualTo(1.0);
        }
        // and: after a restart every acknowledged entry is there, under the sequence it was acknowledged with
        try (SegmentedJournal reopened = JournalFixture.open(settings)) {
            TreeMap<Long, String> read = new TreeMap<>();
            for (JournalEntry e : reopened.read(0, 10_000)) {
                read.put(e.sequence(), new String(e.payload()));
            }
            assertThat(read).isEqualTo(acknowledged);
            assertThat(reopened.lastSequence()).isEqualTo(acknowledged.lastKey());
        }
    }
}
