package org.homeward.gateway.journal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Shared helpers of the journal tests. */
final class JournalFixture {
    static final MutableClock CLOCK = new MutableClock(1_700_000_000_000L);

    private JournalFixture() {
    }

    static SegmentedJournal open(JournalSettings settings) throws IOException {
        return SegmentedJournal.open(settings, CLOCK, new SimpleMeterRegistry());
    }

    static byte[] payload(long i) {
        return ("entry-" + i + "-" + "x".repeat((int) (i % 50))).getBytes(StandardCharsets.UTF_8);
    }

    static long appendAndWait(Journal journal, byte[] payload) throws Exception {
        return journal.append(payload).get(30, TimeUnit.SECONDS);
    }

    static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    static Path lastSegment(Path dir) throws IOException {
        List<Path> files = segmentFiles(dir);
        return files.get(files.size() - 1);
    }
}
