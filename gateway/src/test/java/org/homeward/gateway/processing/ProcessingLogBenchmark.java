package org.homeward.gateway.processing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.SegmentedJournal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of what reading the durable log costs a shard per pack, the price of "processing
 * reads the journal" over the former in-memory hand-off: {@link JournalReadingLog#read} of a window
 * of {@value #WINDOW} entries per entry, from the journal (page-cache read, CRC check, decode of an
 * oximeter pack of 4 readings) or from the ring of hinted entries. Not a test; run as shown in
 * docs/benchmarks.md for ShardPathBenchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class ProcessingLogBenchmark {
    static final int WINDOW = 256;
    static final int ENTRIES = 50_000;
    private Path dir;
    private SegmentedJournal journal;
    private JournalReadingLog log;
    private long position;
    private List<Reading>[] packs;

    @Setup
    public void setUp() throws Exception {
        Path base = Path.of(System.getProperty("homeward.bench.dir", "target/bench"));
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, "processing-log");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        journal = SegmentedJournal.open(JournalSettings.defaults(dir).withFsync(false), Clock.systemUTC(), meters);
        long t = 1_800_000_000_000L;
        @SuppressWarnings("unchecked")
        List<Reading>[] all = new List[ENTRIES + 1];
        for (int i = 0; i < ENTRIES; i++) {
            String p = "bench-p" + (i % 1_000);
            String d = "bench-ox" + (i % 1_000);
            List<Reading> pack = List.of(
                    new Reading(d, p, Vital.SPO2, 96, t + i, t + i, Quality.OK, "%", false),
                    new Reading(d, p, Vital.HR, 78, t + i, t + i, Quality.OK, "/min", false),
                    new Reading(d, p, Vital.PI, 3.5, t + i, t + i, Quality.OK, "%", false),
                    new Reading(d, p, Vital.ACT, 0.2, t + i, t + i, Quality.OK, "m/s2", false));
            all[(int) (long) journal.append(JournalRecords.readings(pack)).get()] = pack;
        }
        packs = all;
        log = new JournalReadingLog(journal, meters);
    }

    /** A shard that is behind (or got no hint): every entry read from the journal and decoded. */
    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public int readWindow() throws IOException {
        return read();
    }

    /** A shard that keeps up: ingest's hint puts each decoded pack in the ring, the shard takes it from there. */
    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public int hintThenReadWindow() throws IOException {
        for (long p = position + 1; p <= position + WINDOW; p++) {
            log.durable(p, packs[(int) p]);
        }
        return read();
    }

    private int read() throws IOException {
        List<ReadingLog.Entry> entries = log.read(position, WINDOW);
        position = entries.get(entries.size() - 1).position();
        if (position >= ENTRIES - WINDOW) {
            position = 0;
        }
        return entries.size();
    }

    @TearDown
    public void tearDown() throws IOException {
        journal.close();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
