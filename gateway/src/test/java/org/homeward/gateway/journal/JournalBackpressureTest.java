package org.homeward.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.homeward.gateway.journal.JournalFixture.appendAndWait;
import static org.homeward.gateway.journal.JournalFixture.payload;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalBackpressureTest {
    @TempDir
    Path dir;

    /** Blocks the writer in its first commit until released. */
    private static final class StallingHook implements WriterHook {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void beforeCommit(int batchSize) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private SegmentedJournal open(JournalSettings settings, WriterHook hook) throws Exception {
        return SegmentedJournal.open(settings, JournalFixture.CLOCK, new SimpleMeterRegistry(), hook);
    }

    private static JournalException.Kind failureKind(CompletableFuture<Long> future) {
        assertThat(future).isCompletedExceptionally();
        Throwable t = catchThrowable(() -> future.get(1, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(JournalException.class);
        return ((JournalException) t.getCause()).kind();
    }

    @Test
    void fullQueueFailsAtOnceWithOverloaded() throws Exception {
        StallingHook hook = new StallingHook();
        try (SegmentedJournal journal = open(JournalSettings.defaults(dir).withQueueCapacity(2), hook)) {
            CompletableFuture<Long> inWriter = journal.append(payload(1));
            assertThat(hook.entered.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Long> queued1 = journal.append(payload(2));
            CompletableFuture<Long> queued2 = journal.append(payload(3));

            CompletableFuture<Long> refused = journal.append(payload(4));

            assertThat(failureKind(refused)).isEqualTo(JournalException.Kind.OVERLOADED);
            hook.release.countDown();
            assertThat(inWriter.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(queued1.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(queued2.get(30, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(appendAndWait(journal, payload(5))).as("accepts again once drained").isEqualTo(4);
        }
    }

    @Test
    void diskLimitRefusesWithFullAndWarnsBefore() throws Exception {
        byte[] entry = new byte[200];
        int frame = FrameCodec.frameBytes(entry.length);
        JournalSettings settings = JournalSettings.defaults(dir).withMaxBytes(5L * frame - 10);
        try (SegmentedJournal journal = open(settings, WriterHook.NONE)) {
            for (int i = 0; i < 4; i++) {
                appendAndWait(journal, entry);
            }
            assertThat(journal.nearFull()).as("4 of 5 frames = 80%").isFalse();
            appendAndWait(journal, entry);
            assertThat(journal.nearFull()).isTrue();

            assertThat(failureKind(journal.append(entry))).isEqualTo(JournalException.Kind.FULL);
            assertThat(journal.lastSequence()).isEqualTo(5);
        }
    }

    @Test
    void retentionDeletesOnlyOldFullSegmentsNeverTheActiveOne() throws Exception {
        MutableClock clock = new MutableClock(1_000_000);
        JournalSettings settings = JournalSettings.defaults(dir).withSegmentBytes(4096);
        try (SegmentedJournal journal = SegmentedJournal.open(settings, clock, new SimpleMeterRegistry())) {
            for (long i = 1; i <= 400; i++) {
                appendAndWait(journal, payload(i));
            }
            int segments = JournalFixture.segmentFiles(dir).size();
            assertThat(segments).isGreaterThan(3);
            assertThat(journal.deleteUpTo(400, clock.millis())).as("nothing written before now").isZero();

            clock.advance(1);
            long before = journal.sizeBytes();
            long freed = journal.deleteUpTo(Long.MAX_VALUE, clock.millis());

            List<Path> left = JournalFixture.segmentFiles(dir);
            assertThat(left).hasSize(1);
            long activeBase = Segment.baseSequenceOf(left.get(0));
            assertThat(freed).isPositive();
            assertThat(journal.sizeBytes()).isEqualTo(before - freed);
            assertThat(journal.firstSequence()).isEqualTo(activeBase);
            assertThat(journal.read(0, 1)).extracting(JournalEntry::sequence).containsExactly(activeBase);
            assertThat(appendAndWait(journal, payload(401))).isEqualTo(401);
        }
    }

    @Test
    void closeCompletesPendingAppendsThenRefuses() throws Exception {
        StallingHook hook = new StallingHook();
        SegmentedJournal journal = open(JournalSettings.defaults(dir), hook);
        List<CompletableFuture<Long>> pending = new ArrayList<>();
        pending.add(journal.append(payload(1)));
        assertThat(hook.entered.await(30, TimeUnit.SECONDS)).isTrue();
        for (long i = 2; i <= 50; i++) {
            pending.add(journal.append(payload(i)));
        }
        Thread closer = new Thread(journal::close, "closer");
        closer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> closer.getState() == Thread.State.WAITING);
        assertThat(pending).noneMatch(CompletableFuture::isDone);

        hook.release.countDown();
        closer.join(30_000);

        for (int i = 0; i < pending.size(); i++) {
            assertThat(pending.get(i).getNow(-1L)).isEqualTo(i + 1L);
        }
        assertThat(failureKind(journal.append(payload(51)))).isEqualTo(JournalException.Kind.CLOSED);
        try (SegmentedJournal reopened = JournalFixture.open(JournalSettings.defaults(dir))) {
            assertThat(reopened.lastSequence()).isEqualTo(50);
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() throws Exception {
        try (SegmentedJournal first = JournalFixture.open(JournalSettings.defaults(dir))) {
            assertThat(first.lastSequence()).isZero();
            assertThat(catchThrowable(() -> JournalFixture.open(JournalSettings.defaults(dir))))
                    .hasMessageContaining("in use");
        }
    }
}
