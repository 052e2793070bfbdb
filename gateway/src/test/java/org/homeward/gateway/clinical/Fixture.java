package org.homeward.gateway.clinical;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;

/** A patient on D2 with a patch and an oximeter, a mutable clock value and every alarm value collected. */
final class Fixture {
    static final String PATIENT = "p-7c1e9a";
    static final LocalDate INFUSION = LocalDate.of(2026, 11, 20);
    /** D2 08:00 UTC. */
    static final long D2 = Instant.parse("2026-11-22T08:00:00Z").toEpochMilli();
    static final long S = 1_000L;
    static final long MIN = 60 * S;
    static final String PATCH = "dev-patch";
    static final String OXI = "dev-oxi";
    static final String CUFF = "dev-cuff";

    final PatientMonitor monitor;
    final List<Alarm> events = new ArrayList<>();
    final List<String> escalations = new ArrayList<>();
    long now;

    Fixture() {
        this(ClinicalSettings.defaults(), D2);
    }

    Fixture(ClinicalSettings settings, long start) {
        AtomicInteger ids = new AtomicInteger();
        EscalationListener listener = new EscalationListener() {
            @Override
            public void onEscalation(Alarm alarm, int level) {
                escalations.add(alarm.rule() + ":" + level);
            }

            @Override
            public void onReAlert(Alarm alarm) {
                escalations.add(alarm.rule() + ":re-alert");
            }
        };
        monitor = new PatientMonitor(PATIENT, INFUSION, settings, () -> "a" + ids.incrementAndGet(), listener);
        monitor.registerDevice(PATCH, "patch", 0);
        monitor.registerDevice(OXI, "oximeter", 0);
        monitor.registerDevice(CUFF, "bp-cuff", 0);
        now = start;
    }

    static Reading reading(String device, Vital vital, double value, long at, Quality q) {
        return new Reading(device, PATIENT, vital, value, at, at, q, vital.ucum(), false);
    }

    List<Alarm> read(String device, Vital vital, double value) {
        return read(device, vital, value, Quality.OK);
    }

    List<Alarm> read(String device, Vital vital, double value, Quality q) {
        return collect(monitor.onReading(reading(device, vital, value, now, q), now));
    }

    /**
     * A reading measured at {@code measuredAt} that arrives now (buffered, reordered or future-stamped), marked
     * late like the SenML decoder does when it was measured more than 2 min before arrival.
     */
    List<Alarm> arrive(String device, Vital vital, double value, long measuredAt) {
        Reading r = new Reading(device, PATIENT, vital, value, measuredAt, now, Quality.OK, vital.ucum(),
                now - measuredAt > 2 * MIN);
        return collect(monitor.onReading(r, now));
    }

    List<Alarm> manual(ManualEntry.Kind kind, double value, String text) {
        return collect(monitor.onManualEntry(new ManualEntry(PATIENT, kind, value, text, "nurse-a", now), now));
    }

    List<Alarm> device(String device, DeviceEvent.Type type) {
        return collect(monitor.onDeviceEvent(new DeviceEvent(device, PATIENT, type, now, "test"), now));
    }

    /** Advances the clock by {@code millis}, ticking every second like the shard. */
    List<Alarm> advance(long millis) {
        List<Alarm> out = new ArrayList<>();
        long end = now + millis;
        while (now < end) {
            now = Math.min(end, now + S);
            out.addAll(collect(monitor.onTick(now)));
        }
        return out;
    }

    /** Feeds {@code value} every {@code every} ms for {@code span} ms (first sample now), ticking in between. */
    List<Alarm> stream(String device, Vital vital, double value, long every, long span) {
        List<Alarm> out = new ArrayList<>(read(device, vital, value));
        for (long t = every; t <= span; t += every) {
            out.addAll(advance(every));
            out.addAll(read(device, vital, value));
        }
        return out;
    }

    List<Alarm> collect(List<Alarm> changed) {
        events.addAll(changed);
        return changed;
    }

    Optional<Alarm> open(String rule) {
        return monitor.openAlarms().stream().filter(a -> a.rule().equals(rule)).findFirst();
    }

    Optional<Alarm> open(String rule, String deviceId) {
        return monitor.openAlarms().stream()
                .filter(a -> a.rule().equals(rule) && deviceId.equals(a.deviceId())).findFirst();
    }

    List<Alarm> ack(String rule) {
        return collect(monitor.acknowledge(open(rule).orElseThrow().id(), "nurse-a", "called patient", now));
    }

    static boolean resolved(List<Alarm> changed, String rule) {
        return changed.stream().anyMatch(a -> a.rule().equals(rule) && a.state() == AlarmState.RESOLVED);
    }
}
