package org.homeward.gateway.processing;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.app.ClinicalBinding;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.clinical.EscalationListener;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.journal.MutableClock;
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
 * JMH benchmark of one whole shard second at 10,000 patients x 1 pack/s (issue 14): a {@link Shard} with the
 * real rules reads 10,000 log entries (one pulse oximeter pack each: SpO2, pulse, perfusion index, activity,
 * normal values), evaluates them, runs its tick and builds the 10,000 changed snapshots (published to no
 * one). Per-patient state is cold here as in the fleet, so the shard's own bookkeeping (finding the patient,
 * dirty and touched marks, the timer's deadlines) is measured with its cache misses. One op is one
 * simulated second; divide by 10,000 for a pack. The readings are built inside the op (the same cost
 * before and after any shard change). Not a test; run as shown in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ShardFleetBenchmark {
    static final int PATIENTS = 10_000;
    private MutableClock clock;
    private FleetLog log;
    private Shard shard;
    private long second;

    @Setup
    public void setUp() {
        LocalDate infusion = LocalDate.of(2026, 11, 20);
        clock = new MutableClock(infusion.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + 3 * 86_400_000L);
        log = new FleetLog();
        ShardSettings settings = new ShardSettings(1, 16, Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofMillis(20), PATIENTS, Duration.ofSeconds(30));
        shard = new Shard(0, settings, new ClinicalBinding(ClinicalSettings.defaults(), EscalationListener.NONE),
                new Shard.Publisher() {
                    @Override public void snapshot(PatientSnapshot snapshot, Reading cause) { }
                    @Override public void alarm(Alarm alarm) { }
                    @Override public void removed(String patientId) { }
                }, (index, lane, e) -> { throw e; }, log, p -> true, new HashMap<>(), new HashMap<>(), clock,
                ZoneOffset.UTC);
        for (int i = 0; i < PATIENTS; i++) {
            String p = "bench-p" + i;
            shard.upsert(new PatientProfile(p, infusion, "tisa-cel", "Bed " + i));
            shard.registerDevice(p, "bench-ox" + i, "oximeter");
        }
        shard.replayDone();
        shard.goLive(0, clock.millis());
    }

    /** One second of the fleet: every patient's pack read, evaluated and its snapshot built, and the tick. */
    @Benchmark
    public int fleetSecond() {
        clock.advance(1_000);
        second++;
        long now = clock.millis();
        log.second(now, second);
        int work = shard.doWork(now);
        if (shard.position() != log.endPosition()) {
            throw new IllegalStateException("the shard did not read the whole second");
        }
        return work;
    }

    /** A log that holds the current second's packs only (the shard reads all of them in one step). */
    private static final class FleetLog implements ReadingLog {
        private final List<Entry> entries = new ArrayList<>(PATIENTS);
        private long end;

        void second(long now, long second) {
            entries.clear();
            double noise = (second * 7919 % 13) / 13.0;
            for (int i = 0; i < PATIENTS; i++) {
                String p = "bench-p" + i;
                String device = "bench-ox" + i;
                entries.add(new Entry(++end, List.of(
                        read(device, p, Vital.SPO2, 96 + noise, now), read(device, p, Vital.HR, 78 + 4 * noise, now),
                        read(device, p, Vital.PI, 3.5 + noise, now), read(device, p, Vital.ACT, 0.3 * noise, now))));
            }
        }

        private static Reading read(String device, String patient, Vital vital, double value, long now) {
            return new Reading(device, patient, vital, value, now - 200, now, Quality.OK, vital.ucum(), false);
        }

        @Override
        public List<Entry> read(long afterPosition, int max) {
            int from = (int) (afterPosition - (end - entries.size()));
            return entries.subList(from, Math.min(entries.size(), from + max));
        }

        @Override
        public long endPosition() {
            return end;
        }
    }
}
