package org.homeward.gateway.journal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Semaphore;

/**
 * Child process of {@link JournalCrashTest}: appends entries forever (until killed), keeping a
 * window in flight, and prints {@code SEQ <sequence> <index>} only after an append's future has
 * completed, i.e. after its fsync.
 */
final class JournalCrashChild {
    static final String PREFIX = "SEQ ";

    private JournalCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        JournalSettings settings = JournalSettings.defaults(Path.of(args[0])).withSegmentBytes(64 * 1024);
        SegmentedJournal journal = SegmentedJournal.open(settings, Clock.systemUTC(), new SimpleMeterRegistry());
        Semaphore window = new Semaphore(64);
        for (long i = 0; i < Long.MAX_VALUE; i++) {
            window.acquire();
            long index = i;
            journal.append(JournalFixture.payload(index)).whenComplete((seq, error) -> {
                if (error == null) {
                    out.println(PREFIX + seq + " " + index);
                }
                window.release();
            });
        }
    }
}
