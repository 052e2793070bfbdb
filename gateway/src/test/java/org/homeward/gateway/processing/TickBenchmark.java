package org.homeward.gateway.processing;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
 * JMH benchmark of the shard's once-a-second timer tick for 10,000 patients (issue 14): each patient has
 * an oximeter and a temperature patch that reported normal values a moment ago, so no alarm is due and the
 * tick finds nothing to do for anyone. One op is one whole tick over every patient; divide by 10,000 for
 * the per-patient cost. {@code tick} is the reference (every patient's rules every tick, as before);
 * {@code scheduledTouched} is the shard's {@link TickSchedule} when every patient had an input since the
 * last tick (10,000 devices at 1 pack/s: one deadline computation each); {@code scheduledIdle} when none had.
 * Not a test; run as shown in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class TickBenchmark {
    static final int PATIENTS = 10_000;
    private final List<PatientMonitor> monitors = new ArrayList<>();
    private final List<Patient> patients = new ArrayList<>();
    private final TickSchedule<Patient> schedule = new TickSchedule<>();

    /** A patient as the shard holds it: its monitor with its place in the schedule (the shard's slot). */
    private static final class Patient extends TickSchedule.Entry {
        final PatientMonitor monitor;

        Patient(String patientId, PatientMonitor monitor) {
            super(patientId);
            this.monitor = monitor;
        }
    }
    private long now;

    @Setup
    public void setUp() {
        LocalDate infusion = LocalDate.of(2026, 11, 20);
        AtomicLong ids = new AtomicLong();
        now = infusion.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + 3 * 86_400_000L;
        for (int i = 0; i < PATIENTS; i++) {
            String p = "bench-p" + i;
            PatientMonitor m = new PatientMonitor(p, infusion, ClinicalSettings.defaults(), () -> "a" + ids.incrementAndGet());
            m.registerDevice("ox" + i, "oximeter", 1_000);
            m.registerDevice("patch" + i, "patch", 120_000);
            reading(m, p, "ox" + i, Vital.SPO2, 97);
            reading(m, p, "ox" + i, Vital.HR, 78);
            reading(m, p, "patch" + i, Vital.TEMP, 36.8);
            monitors.add(m);
            patients.add(new Patient(p, m));
            m.onTick(now);
            schedule.touched(patients.get(i));
        }
        schedule.takeDue(now, p -> p.monitor.nextDueMillis());
    }

    /** The fleet case: every patient had a reading since the last tick, so each deadline is recomputed. */
    @Benchmark
    public int scheduledTouched() {
        for (Patient p : patients) {
            schedule.touched(p);
        }
        return scheduledTick();
    }

    /** No input since the last tick: only the deadline set's head is looked at. */
    @Benchmark
    public int scheduledIdle() {
        return scheduledTick();
    }

    private int scheduledTick() {
        int changed = 0;
        for (Patient p : schedule.takeDue(now, q -> q.monitor.nextDueMillis())) {
            changed += p.monitor.onTick(now).size();
            schedule.schedule(p, p.monitor.nextDueMillis());
        }
        return changed;
    }

    /** One tick over every patient, at a time that stays within every patient's expected interval. */
    @Benchmark
    public int tick() {
        int changed = 0;
        for (PatientMonitor m : monitors) {
            changed += m.onTick(now).size();
        }
        return changed;
    }

    private void reading(PatientMonitor m, String patient, String device, Vital vital, double value) {
        m.onReading(new Reading(device, patient, vital, value, now - 200, now, Quality.OK, vital.ucum(), false), now);
    }
}
