package org.homeward.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.journal.JournalFixture.appendAndWait;
import static org.homeward.gateway.journal.JournalFixture.payload;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalRecoveryTest {
    @TempDir
    Path dir;

    private void write(JournalSettings settings, int n) throws Exception {
        try (SegmentedJournal journal = JournalFixture.open(settings)) {
            for (long i = 1; i <= n; i++) {
                appendAndWait(journal, payload(i));
            }
        }
    }

    private static void assertHolds(Journal journal, long first, long last) throws IOException {
        List<JournalEntry> all = journal.read(first - 1, (int) (last - first + 1));
        assertThat(all).extracting(JournalEntry::sequence).first().isEqualTo(first);
        for (JournalEntry e : all) {
            assertThat(e.payload()).isEqualTo(payload(e.sequence()));
        }
        assertThat(all.get(all.size() - 1).sequence()).isEqualTo(last);
        assertThat(all).hasSize((int) (last - first + 1));
    }

    @Test
    void tailTruncatedMidEntryIsCutAndAppendsContinue() throws Exception {
        JournalSettings settings = JournalSettings.defaults(dir);
        write(settings, 10);
        Path segment = JournalFixture.lastSegment(dir);
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(size - 7);
        }

        try (SegmentedJournal journal = JournalFixture.open(settings)) {
            assertThat(journal.lastSequence()).isEqualTo(9);
            assertHolds(journal, 1, 9);
            assertThat(journal.read(9, 10)).isEmpty();
            assertThat(appendAndWait(journal, payload(10))).isEqualTo(10);
        }
        try (SegmentedJournal journal = JournalFixture.open(settings)) {
            assertHolds(journal, 1, 10);
        }
    }

    @Test
    void garbageAfterTheLastEntryIsCutSoLaterAppendsSurvive() throws Exception {
        JournalSettings settings = JournalSettings.defaults(dir);
        write(settings, 10);
        Path segment = JournalFixture.lastSegment(dir);
        long size = Files.size(segment);
        Files.write(segment, new byte[] {0x13, 0x37, 0, 0, 0, 5, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
            9, 9, 9, 9, 9, 9, 9, 9}, StandardOpenOption.APPEND);

        try (SegmentedJournal journal = JournalFixture.open(settings)) {
            assertThat(Files.size(segment)).isEqualTo(size);
            assertHolds(journal, 1, 10);
            assertThat(appendAndWait(journal, payload(11))).isEqualTo(11);
        }
        try (SegmentedJournal journal = JournalFixture.open(settings)) {
            assertHolds(journal, 1, 11);
        }
    }

    @Test
    void flippedByteInTheLastEntryCutsThatEntry() throws Exception {
        JournalSettings settings = JournalSettings.defaults(dir);
        write(settings, 10);
        Path segment = JournalFixture.lastSegment(dir);
        flipByte(segment, Files.size(segment) - 3);

        try (SegmentedJournal journal = JournalFixture.open(settings)) {
            assertThat(journal.lastSequence()).isEqualTo(9);
            assertHolds(journal, 1, 9);
        }
    }

    @Test
    void corruptionInsideAnOlderSegmentKeepsItsPrefixAndAllLaterSegments() throws Exception {
        JournalSettings settings = JournalSettings.defaults(dir).withSegmentBytes(4096);
        write(settings, 300);
        List<Path> files = JournalFixture.segmentFiles(dir);
        assertThat(files).hasSizeGreaterThan(3);
        Path second = files.get(1);
        long secondBase = Segment.baseSequenceOf(second);
        long thirdBase = Segment.baseSequenceOf(files.get(2));
        // the third frame of the second segment: frames before it survive, the rest of that segment is cut
        long offset = FrameCodec.frameBytes(payload(secondBase).length)
                + FrameCodec.frameBytes(payload(secondBase + 1).length) + FrameCodec.HEADER_BYTES + 2;
        flipByte(second, offset);
        long secondSize = Files.size(second);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SegmentedJournal journal = SegmentedJournal.open(settings, JournalFixture.CLOCK, registry)) {
            assertThat(registry.get(Meters.JOURNAL_CORRUPTIONS).tag("reason", "segment_cut").counter().count())
                    .isEqualTo(1.0);
            assertThat(Files.size(second)).as("older segment left on disk for inspection").isEqualTo(secondSize);
            assertHolds(journal, 1, secondBase + 1);
            assertHolds(journal, thirdBase, 300);
            List<JournalEntry> acrossTheGap = journal.read(secondBase + 1, 1);
            assertThat(acrossTheGap).extracting(JournalEntry::sequence).containsExactly(thirdBase);
            assertThat(appendAndWait(journal, payload(301))).isEqualTo(301);
        }
    }

    @Test
    void everyCutPointAndEveryFlippedByteKeepsExactlyTheFramesBeforeIt() throws Exception {
        Path original = dir.resolve("original");
        JournalSettings settings = JournalSettings.defaults(original);
        int n = 6;
        write(settings, n);
        byte[] bytes = Files.readAllBytes(JournalFixture.lastSegment(original));
        long[] frameEnds = new long[n + 1];
        for (int i = 1; i <= n; i++) {
            frameEnds[i] = frameEnds[i - 1] + FrameCodec.frameBytes(payload(i).length);
        }
        assertThat(frameEnds[n]).isEqualTo(bytes.length);

        for (int at = 0; at < bytes.length; at += 9) {
            long completeBefore = completeFrames(frameEnds, at);
            byte[] cut = java.util.Arrays.copyOf(bytes, at);
            assertThat(recoveredLast("cut" + at, cut)).as("cut at %d", at).isEqualTo(completeBefore);
            byte[] flipped = bytes.clone();
            flipped[at] ^= 0x01;
            assertThat(recoveredLast("flip" + at, flipped)).as("flip at %d", at).isEqualTo(completeBefore);
        }
    }

    private static long completeFrames(long[] frameEnds, long bytes) {
        long complete = 0;
        while (complete + 1 < frameEnds.length && frameEnds[(int) complete + 1] <= bytes) {
            complete++;
        }
        return complete;
    }

    private long recoveredLast(String name, byte[] segment) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.write(Segment.pathFor(d, 1), segment);
        try (SegmentedJournal journal = JournalFixture.open(JournalSettings.defaults(d))) {
            long last = journal.lastSequence();
            if (last > 0) {
                assertHolds(journal, 1, last);
            }
            assertThat(Files.size(Segment.pathFor(d, 1))).isEqualTo(journal.sizeBytes());
            return last;
        }
    }

    @Test
    void segmentsThatOverlapAreRefused() throws Exception {
        JournalSettings settings = JournalSettings.defaults(dir).withSegmentBytes(4096);
        write(settings, 100);
        List<Path> files = JournalFixture.segmentFiles(dir);
        Files.copy(files.get(0), Segment.pathFor(dir, Segment.baseSequenceOf(files.get(1)) - 1));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JournalFixture.open(settings))
                .isInstanceOf(IOException.class).hasMessageContaining("refusing");
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            ch.write(one, offset);
        }
    }
}
