package org.homeward.gateway.device;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.audit.AuditLog;

/**
 * A patient's monitoring episodes, shared by the command line and the admin API: enrolment of a
 * whole roster in ONE registry write (one lock, one fsync, one audit line, so 1,000 patients with 3
 * devices each take about a second, not a JVM per device), and discharge. Re-admission is an
 * enrolment of a discharged patient (here or through {@link RegistryAdmin#addPatient}): it opens the
 * next episode. Refusals are {@link RegistryException}s naming the field (and, for a roster, the
 * line); a refused change writes nothing. Blocking (disk).
 */
public final class PatientEpisodes {
    private final RegistryStorage store;
    private final DeviceSecrets secrets;
    private final AuditLog audit;
    private final Clock clock;

    PatientEpisodes(RegistryStorage store, DeviceSecrets secrets, AuditLog audit, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.audit = audit;
        this.clock = clock;
    }

    /** A device enrolled by an import, with its secret (shown once) and the roster line it came from. */
    public record Enrolled(int line, String deviceId, String secret, String patientId, String kind) {
    }

    private record Issued(Roster.Row row, int generation) {
    }

    /** What a discharge did: the patient as stored now and the devices released for reuse. */
    public record Discharge(RegistryData.Patient patient, List<String> releasedDevices) {
    }

    /**
     * Enrols every patient and device of the roster in one write. A new patient starts episode 1;
     * an active one keeps its episode (date, product and label updated); a discharged one is
     * re-admitted (next episode). Every device listed gets a new secret generation (a kit handed
     * out anew must not work with the secret of its previous holder). A device still assigned to
     * another patient in an active episode refuses the whole roster.
     */
    public List<Enrolled> importRoster(List<Roster.Row> rows, String source, String actor) {
        long now = clock.millis();
        List<Issued> issued = new ArrayList<>();
        java.util.Set<String> enrolled = new java.util.HashSet<>();
        store.update(data -> {
            Map<String, RegistryData.Patient> patients = new LinkedHashMap<>();
            data.patients().forEach(p -> patients.put(p.patientId(), p));
            Map<String, RegistryData.Device> devices = new LinkedHashMap<>();
            data.devices().forEach(d -> devices.put(d.deviceId(), d));
            refuseDevicesInUse(rows, source, patients, devices);
            issued.clear();
            enrolled.clear();
            for (Roster.Row row : rows) {
                if (enrolled.add(row.patient())) {
                    patients.put(row.patient(), enrol(patients.get(row.patient()), row.patient(), row.infusionDate(),
                            row.product(), row.label(), now));
                }
                if (row.hasDevice()) {
                    RegistryData.Device old = devices.get(row.device());
                    int generation = old == null ? 1 : old.generation() + 1;
                    devices.put(row.device(), new RegistryData.Device(row.device(), row.patient(), row.kind(), generation,
                            false, old == null ? now : old.createdAt(), now));
                    issued.add(new Issued(row, generation));
                }
            }
            return new RegistryData(new ArrayList<>(patients.values()), new ArrayList<>(devices.values()), data.users());
        });
        audit.append(actor, "patient.import", new LinkedHashMap<>(Map.of("source", source,
                "patients", Integer.toString(enrolled.size()), "devices", Integer.toString(issued.size()))),
                clock.instant());
        return issued.stream().map(i -> new Enrolled(i.row().line(), i.row().device(),
                secrets.secretFor(i.row().device(), i.generation()), i.row().patient(), i.row().kind())).toList();
    }

    /** Refuses the roster (nothing written) when a listed device is in use by another patient's active episode. */
    private static void refuseDevicesInUse(List<Roster.Row> rows, String source, Map<String, RegistryData.Patient> patients,
                                           Map<String, RegistryData.Device> devices) {
        Roster.Problems conflicts = new Roster.Problems(source);
        for (Roster.Row row : rows) {
            RegistryData.Device old = row.hasDevice() ? devices.get(row.device()) : null;
            if (old != null && inUseByAnother(old, row.patient(), patients)) {
                conflicts.add(row.line(), "device", "device '" + row.device() + "' is in use by another patient;"
                        + " discharge that patient or move the device first");
            }
        }
        try {
            conflicts.throwIfAny();
        } catch (RegistryException e) {
            throw new RegistryException(e.field(), RegistryException.Reason.CONFLICT, e.getMessage());
        }
    }

    /**
     * The patient's next state on enrolment: new (episode 1), updated (same episode) or re-admitted
     * (a discharged patient's next episode, admitted now).
     */
    static RegistryData.Patient enrol(RegistryData.Patient before, String patientId, String infusionDate, String product,
                                      String label, long now) {
        String shown = label == null || label.isBlank() ? patientId : label;
        String prod = product == null ? "" : product;
        if (before == null) {
            return new RegistryData.Patient(patientId, infusionDate, prod, shown, now);
        }
        if (before.active()) {
            return new RegistryData.Patient(patientId, infusionDate, prod, shown, before.addedAt(), before.state(),
                    before.episode(), before.admittedAt(), 0, null, null);
        }
        return new RegistryData.Patient(patientId, infusionDate, prod, shown, before.addedAt(), RegistryData.Patient.ACTIVE,
                before.episode() + 1, now, 0, null, null);
    }

    /**
     * Ends the patient's episode: the patient leaves the board, every device assigned to it is
     * released (inactive until assigned again; {@code devices move} reuses it with its secret,
     * {@code devices add} or an import gives it a new one). Open alarms are closed by the gateway
     * with {@code reason} when it applies the change; the patient's data stays in the journal and
     * is still forwarded.
     */
    public Discharge discharge(String patientId, String reason, String actor) {
        RegistryAdmin.checkId("patient", patientId);
        String why = reason == null || reason.isBlank() ? "discharged from home monitoring" : reason.strip();
        if (why.length() > 200) {
            throw RegistryAdmin.invalid("reason", "--reason is longer than 200 characters");
        }
        long now = clock.millis();
        List<String> released = new ArrayList<>();
        RegistryData.Patient[] stored = {null};
        store.update(data -> {
            RegistryData.Patient p = data.patient(patientId);
            if (p == null) {
                throw new RegistryException("patient", RegistryException.Reason.UNKNOWN, "patient '" + patientId + "' is not registered");
            }
            if (!p.active()) {
                throw new RegistryException("patient", RegistryException.Reason.CONFLICT, "patient '" + patientId
                        + "' is already discharged (episode " + p.episode() + "); patients add re-admits");
            }
            stored[0] = new RegistryData.Patient(p.patientId(), p.infusionDate(), p.product(), p.displayLabel(), p.addedAt(),
                    RegistryData.Patient.DISCHARGED, p.episode(), p.admittedAt(), now, why, actor);
            List<RegistryData.Patient> patients = new ArrayList<>(data.patients());
            patients.replaceAll(x -> x.patientId().equals(patientId) ? stored[0] : x);
            released.clear();
            List<RegistryData.Device> devices = new ArrayList<>();
            for (RegistryData.Device d : data.devices()) {
                if (d.patientId().equals(patientId) && !d.revoked()) {
                    released.add(d.deviceId());
                    d = new RegistryData.Device(d.deviceId(), "", d.kind(), d.generation(), false, d.createdAt(), now);
                }
                devices.add(d);
            }
            return new RegistryData(patients, devices, data.users());
        });
        audit.append(actor, "patient.discharge", new LinkedHashMap<>(Map.of("patient", patientId, "reason", why,
                "episode", Integer.toString(stored[0].episode()), "devicesReleased", Integer.toString(released.size()))),
                clock.instant());
        return new Discharge(stored[0], List.copyOf(released));
    }

    /** True when the device is assigned to a patient other than {@code patientId} whose episode is active. */
    static boolean inUseByAnother(RegistryData.Device d, String patientId, Map<String, RegistryData.Patient> patients) {
        if (d.revoked() || d.patientId().isEmpty() || d.patientId().equals(patientId)) {
            return false;
        }
        RegistryData.Patient holder = patients.get(d.patientId());
        return holder != null && holder.active();
    }
}
