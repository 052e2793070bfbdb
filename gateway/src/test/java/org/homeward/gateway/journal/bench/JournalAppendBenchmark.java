package org.homeward.gateway.journal.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.metrics.Meters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appends of 200-byte entries to {@link SegmentedJournal}, each caller waiting for its own fsync'd
 * acknowledgement (as a device waits for PUBACK). Run with {@code -t 1} and {@code -t 100}; see
 * docs/journal.md for the command and the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class JournalAppendBenchmark {
    @Param({"true"})
    public boolean fsync;

    private Path dir;
    private SimpleMeterRegistry registry;
    private SegmentedJournal journal;
    private byte[] entry;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = BenchDirs.create("journal");
        registry = new SimpleMeterRegistry();
        journal = SegmentedJournal.open(JournalSettings.defaults(dir).withFsync(fsync), Clock.systemUTC(), registry);
        entry = new byte[200];
        ThreadLocalRandom.current().nextBytes(entry);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        journal.close();
        DistributionSummary batch = registry.get(Meters.JOURNAL_BATCH).summary();
        System.out.printf("%n[journal] group commits: %d, entries per commit: mean %.1f, max %.0f%n",
                batch.count(), batch.mean(), batch.max());
        BenchDirs.delete(dir);
    }

    @Benchmark
    public long append() {
        return journal.append(entry).join();
    }
}
