package org.homeward.gateway.forward;

import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.records.JournalRecords;

/**
 * A realistic journal for sink tests: per entry and patient a temperature, an SpO2 and a heart
 * rate; every 5th entry a blood pressure pair and a battery reading; every 7th a late,
 * low-confidence SpO2; an alarm change every 10th entry. Knows what each sink should receive.
 */
public final class Workload {
    public final List<String> patients;
    public int readings;
    public int vitalSignReadings;
    public int bpPairs;
    public int alarms;
    public final List<Long> appendNanos = new ArrayList<>();

    public Workload(String... patients) {
        this.patients = List.of(patients);
    }

    /** Appends entries numbered from..to-1 and records each append's duration. */
    public Workload append(Journal journal, int from, int to) {
        for (int n = from; n < to; n++) {
            List<Reading> list = new ArrayList<>();
            for (String p : patients) {
                list.add(TestRecords.reading(p, Vital.TEMP, 36.5 + (n % 20) / 10.0, n));
                list.add(TestRecords.reading(p, Vital.SPO2, 90 + n % 10, n));
                list.add(TestRecords.reading(p, Vital.HR, 60 + n % 50, n));
                if (n % 5 == 0) {
                    list.add(TestRecords.reading(p, Vital.SBP, 110 + n % 20, n));
                    list.add(TestRecords.reading(p, Vital.DBP, 70 + n % 10, n));
                    list.add(TestRecords.reading(p, Vital.BAT, 80, n));
                    bpPairs++;
                }
                if (n % 7 == 0) {
                    Reading r = TestRecords.reading(p, Vital.SPO2, 88, n);
                    list.add(new Reading(r.deviceId(), p, Vital.SPO2, 88, r.measuredAtMillis() - 3_600_000,
                            r.receivedAtMillis(), Quality.LOW_CONFIDENCE, "/", true));
                }
            }
            readings += list.size();
            vitalSignReadings += (int) list.stream().filter(r -> r.vital().isVitalSign()).count();
            long t = System.nanoTime();
            journal.append(JournalRecords.readings(list)).join();
            appendNanos.add(System.nanoTime() - t);
            if (n % 10 == 0) {
                AlarmState state = (n / 10) % 2 == 0 ? AlarmState.ACTIVE : AlarmState.ACKNOWLEDGED;
                journal.append(JournalRecords.alarm(TestRecords.alarm(patients.get(0), "alarm-" + (n / 20), state, n)))
                        .join();
                alarms++;
            }
        }
        return this;
    }

    /** Readings plus alarm changes: what an MQTT or Kafka sink should carry. */
    public int records() {
        return readings + alarms;
    }

    /** Observations a FHIR server should hold: vital-sign readings with each BP pair as one panel. */
    public int observations() {
        return vitalSignReadings - bpPairs;
    }

    /** Median and max append time in microseconds, for the docs. */
    public String appendFigures() {
        List<Long> sorted = appendNanos.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return "no appends";
        }
        return String.format("appends=%d median=%.1fus p99=%.1fus max=%.1fus", sorted.size(),
                sorted.get(sorted.size() / 2) / 1000.0, sorted.get((int) (sorted.size() * 0.99)) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
    }

    /** True when idempotency keys {@code gw-seq-index} are strictly ascending by (seq, index). */
    public static boolean ascending(List<String> keys) {
        long prevSeq = -1;
        long prevIdx = -1;
        for (String k : keys) {
            String[] parts = k.split("-");
            long seq = Long.parseLong(parts[parts.length - 2]);
            long idx = Long.parseLong(parts[parts.length - 1]);
            if (seq < prevSeq || (seq == prevSeq && idx <= prevIdx)) {
                return false;
            }
            prevSeq = seq;
            prevIdx = idx;
        }
        return true;
    }
}
