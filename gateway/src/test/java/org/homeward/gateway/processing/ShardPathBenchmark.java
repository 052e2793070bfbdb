package org.homeward.gateway.processing;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.clinical.PatientMonitor;
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
 * JMH benchmark of what a patient's shard does for one device pack, the per-pack share of the
 * gateway's CPU after ingest: apply each reading to the patient's state, run the clinical rules on
 * it, then build the snapshot the live view and the API get (with NEWS2), and the rules' timer tick
 * once per simulated second. The pack is a pulse oximeter's (SpO2, pulse, perfusion index,
 * activity) at 1 pack/s, with a temperature patch reading every 2 min and a respiration reading
 * every minute, all normal values with a little noise, so no alarm is raised. Not a test; run as
 * shown in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class ShardPathBenchmark {
    private static final String PATIENT = "bench-p1";
    private static final String OXIMETER = "bench-ox";
    private static final String PATCH = "bench-patch";
    private PatientMonitor monitor;
    private PatientState state;
    private long now;
    private long second;

    @Setup
    public void setUp() {
        LocalDate infusion = LocalDate.of(2026, 11, 20);
        AtomicLong ids = new AtomicLong();
        monitor = new PatientMonitor(PATIENT, infusion, ClinicalSettings.defaults(), () -> "a" + ids.incrementAndGet());
        monitor.registerDevice(OXIMETER, "oximeter", 1_000);
        monitor.registerDevice(PATCH, "patch", 120_000);
        state = new PatientState(new PatientProfile(PATIENT, infusion, "tisa-cel", "Bed 1"), 4_320, 60_000);
        now = infusion.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + 3 * 86_400_000L;
    }

    /** One oximeter pack (4 readings; every 60th also RR, every 120th also temperature), then its snapshot. */
    @Benchmark
    public PatientSnapshot pack() {
        now += 1_000;
        second++;
        double noise = (second * 7919 % 13) / 13.0;
        reading(OXIMETER, Vital.SPO2, 96 + noise);
        reading(OXIMETER, Vital.HR, 78 + 4 * noise);
        reading(OXIMETER, Vital.PI, 3.5 + noise);
        reading(OXIMETER, Vital.ACT, 0.3 * noise);
        if (second % 60 == 0) {
            reading(OXIMETER, Vital.RR, 15 + noise);
        }
        if (second % 120 == 0) {
            reading(PATCH, Vital.TEMP, 36.8 + 0.1 * noise);
        }
        monitor.onTick(now);
        return state.snapshot(now, ZoneOffset.UTC, monitor.news2(now), java.util.Map.of());
    }

    /**
     * The same pack as the shard now evaluates it (issue 14): the readings of one instant applied in
     * {@link PackOrder#contextFirst} order, then one evaluation ({@code PatientMonitor.onReadings}).
     */
    @Benchmark
    public PatientSnapshot packOneEvaluation() {
        now += 1_000;
        second++;
        double noise = (second * 7919 % 13) / 13.0;
        java.util.List<Reading> pack = new java.util.ArrayList<>(6);
        pack.add(read(OXIMETER, Vital.SPO2, 96 + noise));
        pack.add(read(OXIMETER, Vital.HR, 78 + 4 * noise));
        pack.add(read(OXIMETER, Vital.PI, 3.5 + noise));
        pack.add(read(OXIMETER, Vital.ACT, 0.3 * noise));
        if (second % 60 == 0) {
            pack.add(read(OXIMETER, Vital.RR, 15 + noise));
        }
        java.util.List<Reading> ordered = PackOrder.contextFirst(pack);
        ordered.forEach(state::apply);
        if (!monitor.onReadings(ordered, now).isEmpty()) {
            throw new IllegalStateException("a normal pack raised an alarm");
        }
        if (second % 120 == 0) {
            reading(PATCH, Vital.TEMP, 36.8 + 0.1 * noise);
        }
        monitor.onTick(now);
        return state.snapshot(now, ZoneOffset.UTC, monitor.news2(now), java.util.Map.of());
    }

    private Reading read(String device, Vital vital, double value) {
        return new Reading(device, PATIENT, vital, value, now - 200, now, Quality.OK, vital.ucum(), false);
    }

    private void reading(String device, Vital vital, double value) {
        Reading r = new Reading(device, PATIENT, vital, value, now - 200, now, Quality.OK, vital.ucum(), false);
        state.apply(r);
        if (!monitor.onReading(r, now).isEmpty()) {
            throw new IllegalStateException("a normal pack raised an alarm: " + r);
        }
    }
}
