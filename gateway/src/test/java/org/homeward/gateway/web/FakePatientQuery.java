package org.homeward.gateway.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.processing.DeviceStatus;
import org.homeward.gateway.processing.LatestValue;
import org.homeward.gateway.domain.News2;
import org.homeward.gateway.processing.PatientQuery;
import org.homeward.gateway.processing.PatientSnapshot;

/** An in-memory PatientQuery the tests fill directly. */
final class FakePatientQuery implements PatientQuery {
    final Map<String, PatientSnapshot> patients = new ConcurrentHashMap<>();
    final Map<String, Alarm> alarms = new ConcurrentHashMap<>();
    final List<Reading> history = new CopyOnWriteArrayList<>();

    @Override
    public List<PatientSnapshot> patients() {
        return new ArrayList<>(patients.values());
    }

    @Override
    public Optional<PatientSnapshot> patient(String patientId) {
        return Optional.ofNullable(patients.get(patientId));
    }

    @Override
    public List<Reading> history(String patientId, long sinceMillis) {
        return history.stream().filter(r -> r.patientId().equals(patientId) && r.measuredAtMillis() >= sinceMillis)
                .sorted(Comparator.comparingLong(Reading::measuredAtMillis)).toList();
    }

    @Override
    public List<Alarm> alarms(boolean openOnly) {
        return alarms.values().stream().filter(a -> !openOnly || a.isOpen())
                .sorted(Comparator.comparingLong(Alarm::changedAtMillis).reversed()).toList();
    }

    /** A patient with temperature, SpO2 and HR readings and one device. */
    static PatientSnapshot patient(String id, String label, double temp, double hr, long now) {
        Map<Vital, LatestValue> latest = Map.of(
                Vital.TEMP, new LatestValue(temp, now - 60_000, Quality.OK, "dev-" + id),
                Vital.SPO2, new LatestValue(97, now - 30_000, Quality.LOW_CONFIDENCE, "ox-" + id),
                Vital.HR, new LatestValue(hr, now - 30_000, Quality.OK, "ox-" + id));
        News2 news2 = new News2(temp >= 39.1 ? 2 : 0, true, List.of("consciousness", "oxygen"),
                Map.of("temp", temp >= 39.1 ? 2 : 0, "hr", 0), false);
        List<DeviceStatus> devices = List.of(new DeviceStatus("dev-" + id, "patch", true, 80, -85, true, now - 60_000));
        return new PatientSnapshot(id, label, "axi-cel", LocalDate.of(2026, 11, 20), 5, latest, news2, List.of(),
                devices, now - 30_000);
    }

    /** The same patient with a learned temperature baseline (mean 36.8 °C, SD 0.2, from 140 readings). */
    static PatientSnapshot withTempBaseline(PatientSnapshot p) {
        return new PatientSnapshot(p.patientId(), p.displayLabel(), p.product(), p.infusionDate(), p.dayPostInfusion(),
                p.latest(), p.news2(), p.openAlarms(), p.devices(), p.lastDataMillis(),
                Map.of(Vital.TEMP, new org.homeward.gateway.processing.VitalBaseline(36.8, 0.2, 140, true, false)));
    }

    static Alarm alarm(String id, String patient, Priority priority, long now) {
        return new Alarm(id, patient, "CRS-FEVER", AlarmKind.PHYSIOLOGICAL, priority, AlarmState.ACTIVE, now, now,
                null, null, "temp 38.6 °C", 0, null);
    }

    void put(PatientSnapshot p) {
        patients.put(p.patientId(), p);
    }

    void put(Alarm a) {
        alarms.put(a.id(), a);
    }
}
