package org.homeward.gateway.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.clinical.Delays;
import org.homeward.gateway.clinical.PatientMonitor;
import org.homeward.gateway.clinical.ThresholdOverride;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;

/**
 * Proof for issue 14's timer: ticking only the patients whose {@link PatientMonitor#nextDueMillis()} has
 * come (through the shard's {@link TickSchedule}) produces exactly the alarms of the reference path that
 * ticks every patient every second: the same values (id, rule, state, priority, escalation level, evidence,
 * times) in the same order per patient, and the same open alarms, NEWS2 and re-check state at random
 * checkpoints. Seeded random scenarios: several patients, every vital, abnormal runs, out-of-order, late and
 * duplicate readings, low-confidence samples, refused records, disconnects and offline notices, manual
 * entries (ICE, ACVPU, oxygen, neuro check due, off/on monitoring), acks, shelves, threshold changes and
 * clock jumps. A seed that fails is printed in the assertion message.
 */
class TickScheduleEquivalenceTest {
    private static final int SCENARIOS = 40;
    private static final int PATIENTS = 3;
    private static final long TICK = 1_000;
    private static final LocalDate D0 = LocalDate.of(2026, 11, 20);

    @Test
    void dueOnlyTicksRaiseTheSameAlarmsAsTickingEveryPatient() {
        long dueTicks = 0;
        long allTicks = 0;
        for (int seed = 1; seed <= SCENARIOS; seed++) {
            long[] counts = run(seed);
            dueTicks += counts[0];
            allTicks += counts[1];
        }
        // the schedule must actually skip ticks, or the test proves nothing about it
        assertThat(dueTicks).isLessThan(allTicks / 2);
    }

    /** Runs one scenario on both paths; returns {due-path ticks, reference ticks}. */
    private long[] run(int seed) {
        Random rnd = new Random(seed);
        ClinicalSettings settings = switch (rnd.nextInt(3)) {
            case 0 -> ClinicalSettings.defaults();
            case 1 -> ClinicalSettings.defaults().withNews2Freshness(90_000, 240_000);
            // DEVICE-OFFLINE after a delay (the default raises it at the disconnect, with no time edge)
            default -> ClinicalSettings.defaults().withDelays(new Delays(2, 240_000, 600_000, 30_000, 60_000, 120_000,
                    60_000, 60_000, 120_000, 300_000, true, 60_000, 120_000, 60_000, 30_000, 120_000, 600_000,
                    1_800_000, 7_200_000, 86_400_000, 10, 90_000 + rnd.nextInt(120_000)));
        };
        Path ref = new Path(settings);
        Path due = new Path(settings);
        long now = D0.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + (1 + rnd.nextInt(16)) * 86_400_000L
                + rnd.nextInt(86_400_000);
        List<Reading> sent = new ArrayList<>();
        long dueTicks = 0;
        long allTicks = 0;
        int steps = 1_500 + rnd.nextInt(1_000);
        // dense scenarios put some edge into almost every second; sparse ones leave single edges alone
        int sparseness = 2 + rnd.nextInt(60);
        for (int step = 0; step < steps; step++) {
            now += rnd.nextInt(50) == 0 ? 60_000L * (1 + rnd.nextInt(40)) : TICK; // sometimes the clock jumps
            int events = rnd.nextInt(sparseness) == 0 ? 1 + rnd.nextInt(3) : 0;
            for (int k = 0; k < events; k++) {
                String p = "p" + rnd.nextInt(PATIENTS);
                input(rnd, p, now, sent, ref, due, seed);
            }
            allTicks += ref.tickAll(now);
            dueTicks += due.tickDue(now);
            if (rnd.nextInt(200) == 0 || step == steps - 1) {
                for (String p : ref.monitors.keySet()) {
                    String at = "seed " + seed + " patient " + p + " at " + now;
                    assertSameAlarms(at, ref.alarms.get(p), due.alarms.get(p));
                    PatientMonitor a = ref.monitors.get(p);
                    PatientMonitor b = due.monitors.get(p);
                    assertThat(b.openAlarms()).as(at).isEqualTo(a.openAlarms());
                    assertThat(b.news2(now)).as(at).isEqualTo(a.news2(now));
                    assertThat(b.bpRecheckDueBy()).as(at).isEqualTo(a.bpRecheckDueBy());
                    assertThat(b.offMonitoring()).as(at).isEqualTo(a.offMonitoring());
                }
            }
        }
        return new long[] {dueTicks, allTicks};
    }

    /** Compares alarm by alarm, so a failure names the first value that differs and its neighbours. */
    private static void assertSameAlarms(String at, List<Alarm> expected, List<Alarm> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            int from = Math.max(0, i - 2);
            assertThat(actual.get(i)).as("%s, alarm #%d (reference before it: %s)", at, i,
                    expected.subList(from, i)).isEqualTo(expected.get(i));
        }
        assertThat(actual).as(at).hasSameSizeAs(expected);
    }

    private static void input(Random rnd, String p, long now, List<Reading> sent, Path ref, Path due, int seed) {
        int what = rnd.nextInt(100);
        if (what < 60) {
            Reading r = what < 5 && !sent.isEmpty() ? sent.get(rnd.nextInt(sent.size())) : reading(rnd, p, now);
            if (what >= 5) {
                sent.add(r);
            }
            if (r.patientId().equals(p)) {
                both(ref, due, p, (m, n) -> m.onReading(r, now));
            }
        } else if (what < 66) {
            DeviceEvent.Type t = DeviceEvent.Type.values()[rnd.nextInt(3)];
            String device = device(rnd, p);
            both(ref, due, p, (m, n) -> m.onDeviceEvent(new DeviceEvent(device, p, t, now, "test"), now));
        } else if (what < 70) {
            String device = device(rnd, p);
            String sample = "s" + rnd.nextInt(6);
            both(ref, due, p, (m, n) -> m.onRejectedRecord(device, "temp", "implausible_value", sample, "", now));
        } else if (what < 82) {
            ManualEntry e = manual(rnd, p, now);
            both(ref, due, p, (m, n) -> m.onManualEntry(e, now));
        } else if (what < 94) {
            List<Alarm> open = ref.monitors.get(p).openAlarms();
            if (!open.isEmpty()) {
                String id = open.get(rnd.nextInt(open.size())).id();
                long shelve = 60_000L * (1 + rnd.nextInt(30));
                boolean ack = rnd.nextBoolean();
                both(ref, due, p, (m, n) -> ack ? m.acknowledge(id, "nurse-1", "seen", now)
                        : m.shelve(id, "nurse-1", shelve, now));
            }
        } else {
            ClinicalSettings s = switch (rnd.nextInt(3)) {
                case 0 -> ref.settings.withNews2Spo2Scale(2);
                case 1 -> ref.settings.withNews2Freshness(30_000 + rnd.nextInt(600_000), 60_000 + rnd.nextInt(600_000));
                default -> ref.settings.withReorderHorizon(rnd.nextInt(600_000));
            };
            both(ref, due, p, (m, n) -> m.applyOverride(new ThresholdOverride(s, "dr-a", now, "seed " + seed)));
        }
    }

    private static void both(Path ref, Path due, String p, BiFunction<PatientMonitor, Long, List<Alarm>> input) {
        ref.input(p, input);
        due.input(p, input);
    }

    private static Reading reading(Random rnd, String p, long now) {
        Vital v = switch (rnd.nextInt(9)) {
            case 0, 1 -> Vital.SPO2;
            case 2, 3 -> Vital.HR;
            case 4 -> Vital.TEMP;
            case 5 -> Vital.SBP;
            case 6 -> Vital.RR;
            case 7 -> Vital.BAT;
            default -> Vital.ACT;
        };
        boolean abnormal = rnd.nextInt(3) == 0;
        double value = switch (v) {
            case SPO2 -> abnormal ? 84 + rnd.nextInt(8) : 94 + rnd.nextInt(6);
            case HR -> abnormal ? (rnd.nextBoolean() ? 135 + rnd.nextInt(20) : 38 + rnd.nextInt(8)) : 70 + rnd.nextInt(20);
            case TEMP -> abnormal ? 38.1 + rnd.nextInt(15) / 10.0 : 36.5 + rnd.nextInt(6) / 10.0;
            case SBP -> abnormal ? 80 + rnd.nextInt(8) : 110 + rnd.nextInt(20);
            case RR -> abnormal ? 25 + rnd.nextInt(6) : 12 + rnd.nextInt(6);
            case BAT -> abnormal ? 5 + rnd.nextInt(10) : 60 + rnd.nextInt(40);
            default -> rnd.nextInt(40) / 10.0;
        };
        int lag = rnd.nextInt(10);
        long measured = lag < 6 ? now - rnd.nextInt(2_000) : lag < 8 ? now - rnd.nextInt(300_000)
                : lag < 9 ? now - 600_000 - rnd.nextInt(3_600_000) : now + rnd.nextInt(60_000);
        String device = switch (v) {
            case TEMP -> rnd.nextInt(4) == 0 ? p + "-thermo" : p + "-patch";
            case SBP -> p + "-cuff";
            case RR -> p + "-band";
            default -> p + "-ox";
        };
        Quality q = rnd.nextInt(8) == 0 ? Quality.LOW_CONFIDENCE : Quality.OK;
        return new Reading(device, p, v, value, measured, now, q, v.ucum(), measured < now - 600_000);
    }

    private static String device(Random rnd, String p) {
        return p + List.of("-ox", "-patch", "-cuff", "-band", "-thermo").get(rnd.nextInt(5));
    }

    private static ManualEntry manual(Random rnd, String p, long now) {
        ManualEntry.Kind k = ManualEntry.Kind.values()[rnd.nextInt(ManualEntry.Kind.values().length)];
        double value = switch (k) {
            case ICE_SCORE -> rnd.nextInt(11);
            case ACVPU -> rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(4) : 0;
            case SUPPLEMENTAL_OXYGEN -> rnd.nextInt(3);
            default -> 1;
        };
        String text = k == ManualEntry.Kind.NEURO_CHECK_DUE
                ? java.time.Instant.ofEpochMilli(now + 60_000L * (rnd.nextInt(120) - 30)).toString() : "";
        return new ManualEntry(p, k, value, text, "nurse-1", now - rnd.nextInt(120_000));
    }

    /** One way of ticking: the reference (every patient every tick) or the schedule (due patients only). */
    private static final class Path {
        final ClinicalSettings settings;
        final Map<String, PatientMonitor> monitors = new LinkedHashMap<>();
        final Map<String, List<Alarm>> alarms = new LinkedHashMap<>();
        final Map<String, TickSchedule.Entry> entries = new LinkedHashMap<>();
        final TickSchedule<TickSchedule.Entry> schedule = new TickSchedule<>();

        Path(ClinicalSettings settings) {
            this.settings = settings;
            for (int i = 0; i < PATIENTS; i++) {
                String p = "p" + i;
                long[] ids = {0};
                PatientMonitor m = new PatientMonitor(p, D0, settings, () -> p + "-a" + (++ids[0]));
                m.registerDevice(p + "-ox", "oximeter", 1_000);
                m.registerDevice(p + "-patch", "patch", 120_000);
                m.registerDevice(p + "-cuff", "bp-cuff", 0);
                m.registerDevice(p + "-band", "resp-band", 0);
                m.registerDevice(p + "-thermo", "thermometer", 0);
                monitors.put(p, m);
                alarms.put(p, new ArrayList<>());
                entries.put(p, new TickSchedule.Entry(p));
                schedule.touched(entries.get(p));
            }
        }

        void input(String p, BiFunction<PatientMonitor, Long, List<Alarm>> input) {
            alarms.get(p).addAll(input.apply(monitors.get(p), 0L));
            schedule.touched(entries.get(p));
        }

        int tickAll(long now) {
            monitors.forEach((p, m) -> alarms.get(p).addAll(m.onTick(now)));
            return monitors.size();
        }

        int tickDue(long now) {
            List<TickSchedule.Entry> due = schedule.takeDue(now, e -> monitors.get(e.patientId).nextDueMillis());
            for (TickSchedule.Entry e : due) {
                PatientMonitor m = monitors.get(e.patientId);
                alarms.get(e.patientId).addAll(m.onTick(now));
                schedule.schedule(e, m.nextDueMillis());
            }
            return due.size();
        }
    }
}
