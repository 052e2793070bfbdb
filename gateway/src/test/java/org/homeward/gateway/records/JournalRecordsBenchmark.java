package org.homeward.gateway.records;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of the journal record of one device pack (an oximeter's 4 readings, as the load
 * client sends them): what ingest pays to encode it before the append, and what a shard pays to
 * decode it when it reads the entry back from the journal. Not a test; run as shown in
 * docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class JournalRecordsBenchmark {
    private List<Reading> pack;
    private byte[] entry;

    @Setup
    public void setUp() {
        long t = 1_800_000_000_000L;
        String d = "loadd0042";
        String p = "loadp0042";
        pack = List.of(
                new Reading(d, p, Vital.SPO2, 96, t, t + 3, Quality.OK, "%", false),
                new Reading(d, p, Vital.HR, 78, t, t + 3, Quality.OK, "/min", false),
                new Reading(d, p, Vital.PI, 3.5, t, t + 3, Quality.OK, "%", false),
                new Reading(d, p, Vital.ACT, 0.2, t, t + 3, Quality.OK, "m/s2", false));
        entry = JournalRecords.readings(pack);
    }

    @Benchmark
    public byte[] encodeReadings() {
        return JournalRecords.readings(pack);
    }

    @Benchmark
    public JournalRecords.Decoded decodeReadings() {
        return JournalRecords.decode(entry);
    }

    /** Prints the entry size (bytes), for the docs. */
    public static void main(String[] args) {
        JournalRecordsBenchmark b = new JournalRecordsBenchmark();
        b.setUp();
        System.out.println("entry bytes=" + b.entry.length);
    }
}
