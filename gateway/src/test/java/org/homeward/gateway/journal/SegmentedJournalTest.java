package org.homeward.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.journal.JournalFixture.appendAndWait;
import static org.homeward.gateway.journal.JournalFixture.open;
import static org.homeward.gateway.journal.JournalFixture.payload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SegmentedJournalTest {
    @TempDir
    Path dir;

    @Test
    void appendedEntriesCompleteWithRisingSequencesAndReadBack() throws Exception {
        try (SegmentedJournal journal = open(JournalSettings.defaults(dir))) {
            assertThat(journal.lastSequence()).isZero();
            assertThat(journal.firstSequence()).isEqualTo(1);
            assertThat(journal.read(0, 10)).isEmpty();

            for (long i = 1; i <= 3; i++) {
                assertThat(appendAndWait(journal, payload(i))).isEqualTo(i);
            }

            List<JournalEntry> all = journal.read(0, 10);
            assertThat(all).extracting(JournalEntry::sequence).containsExactly(1L, 2L, 3L);
            assertThat(all.get(2).payload()).isEqualTo(payload(3));
            assertThat(journal.read(1, 1)).extracting(JournalEntry::sequence).containsExactly(2L);
            assertThat(journal.read(3, 10)).isEmpty();
            assertThat(journal.lastSequence()).isEqualTo(3);
            assertThat(journal.firstSequence()).isEqualTo(1);
            assertThat(journal.sizeBytes()).isEqualTo(3L * FrameCodec.HEADER_BYTES + payload(1).length
                    + payload(2).length + payload(3).length);
        }
    }

    @Test
    void sequencesContinueAcrossReopen() throws Exception {
        try (SegmentedJournal journal = open(JournalSettings.defaults(dir))) {
            for (long i = 1; i <= 5; i++) {
                appendAndWait(journal, payload(i));
            }
        }
        try (SegmentedJournal journal = open(JournalSettings.defaults(dir))) {
            assertThat(journal.lastSequence()).isEqualTo(5);
            assertThat(appendAndWait(journal, payload(6))).isEqualTo(6);
            assertThat(journal.read(0, 100)).extracting(JournalEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    @Test
    void readsFromAnyPointAcrossRolledSegments() throws Exception {
        JournalSettings settings = JournalSettings.defaults(dir).withSegmentBytes(4096);
        int n = 600;
        try (SegmentedJournal journal = open(settings)) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (long i = 1; i <= n; i++) {
                futures.add(journal.append(payload(i)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        assertThat(JournalFixture.segmentFiles(dir)).hasSizeGreaterThan(5);
        try (SegmentedJournal journal = open(settings)) {
            assertSequentialReadSeesAll(journal, n, 7);
            Random random = new Random(42);
            for (int k = 0; k < 200; k++) {
                long after = random.nextInt(n + 1);
                int max = 1 + random.nextInt(40);
                List<JournalEntry> got = journal.read(after, max);
                assertThat(got).hasSize((int) Math.min(max, n - after));
                for (int j = 0; j < got.size(); j++) {
                    assertThat(got.get(j).sequence()).isEqualTo(after + 1 + j);
                    assertThat(got.get(j).payload()).isEqualTo(payload(after + 1 + j));
                }
            }
        }
    }

    static void assertSequentialReadSeesAll(Journal journal, long n, int batch) throws Exception {
        long next = 1;
        List<JournalEntry> got;
        while (!(got = journal.read(next - 1, batch)).isEmpty()) {
            for (JournalEntry e : got) {
                assertThat(e.sequence()).isEqualTo(next);
                assertThat(e.payload()).isEqualTo(payload(next));
                next++;
            }
        }
        assertThat(next - 1).isEqualTo(n);
    }

    @Test
    void concurrentAppendersAllCompleteWithoutGaps() throws Exception {
        int threads = 8;
        int perThread = 500;
        try (SegmentedJournal journal = open(JournalSettings.defaults(dir).withSegmentBytes(64 * 1024))) {
            List<CompletableFuture<List<Long>>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = (long) t * perThread;
                workers.add(CompletableFuture.supplyAsync(() -> appendMany(journal, base, perThread),
                        runnable -> new Thread(runnable, "appender").start()));
            }
            List<Long> sequences = new ArrayList<>();
            for (CompletableFuture<List<Long>> w : workers) {
                sequences.addAll(w.get(60, TimeUnit.SECONDS));
            }
            int total = threads * perThread;
            assertThat(sequences).doesNotHaveDuplicates().hasSize(total).allMatch(s -> s >= 1 && s <= total);

            List<JournalEntry> all = journal.read(0, total + 10);
            assertThat(all).hasSize(total);
            List<String> payloads = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                assertThat(all.get(i).sequence()).isEqualTo(i + 1);
                payloads.add(new String(all.get(i).payload(), java.nio.charset.StandardCharsets.UTF_8));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                expected.add(new String(payload(i), java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(payloads).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static List<Long> appendMany(Journal journal, long base, int count) {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (long i = base; i < base + count; i++) {
            futures.add(journal.append(payload(i)));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
