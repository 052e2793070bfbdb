package org.homeward.gateway.device;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.homeward.gateway.audit.AuditLog;

/**
 * Changes to the registry, shared by the command line and the admin API ({@code /api/admin/...}). Every change is
 * validated first ({@link IllegalArgumentException} with a message for the person who typed it)
 * and leaves one audit line. Blocking (disk).
 */
public final class RegistryAdmin {
    /** Pseudonyms: letters, digits and {@code . _ : -}, starting alphanumeric; safe in MQTT topics and SenML names. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    public static final Set<String> DEVICE_KINDS = Set.of("patch", "oximeter", "bp-cuff", "resp-band", "scale", "activity");
    public static final Set<String> ROLES = Set.of("nurse", "admin");

    private final RegistryStorage store;
    private final DeviceSecrets secrets;
    private final AuditLog audit;
    private final Clock clock;
    private final UserAccounts users;
    private final PatientEpisodes episodes;

    /** Changes the local registry file, with the master key next to it (created on first use). */
    public RegistryAdmin(RegistryStore store, AuditLog audit, Clock clock) {
        this(store, store.masterKey(), audit, clock);
    }

    /**
     * Changes the registry in {@code storage} (the cluster's registry topic in cluster mode); device
     * secrets are derived from {@code masterKey}, which never travels with the registry.
     */
    public RegistryAdmin(RegistryStorage storage, byte[] masterKey, AuditLog audit, Clock clock) {
        this.store = storage;
        this.secrets = new DeviceSecrets(masterKey);
        this.audit = audit;
        this.clock = clock;
        this.users = new UserAccounts(storage, audit, clock);
        this.episodes = new PatientEpisodes(storage, secrets, audit, clock);
    }

    /** Roster import and discharge. */
    public PatientEpisodes episodes() {
        return episodes;
    }

    /**
     * Adds a patient (episode 1), updates an active one's profile, or re-admits a discharged one
     * (its next episode, admitted now).
     */
    public RegistryData.Patient addPatient(String patientId, String infusionDate, String product, String displayLabel,
                                           String actor) {
        checkId("patient", patientId);
        try {
            LocalDate.parse(infusionDate);
        } catch (DateTimeParseException | NullPointerException e) {
            throw invalid("infusion-date", "--infusion-date '" + infusionDate + "' is not a date in the form YYYY-MM-DD");
        }
        RegistryData.Patient[] stored = {null};
        store.update(data -> {
            RegistryData.Patient before = data.patient(patientId);
            stored[0] = PatientEpisodes.enrol(before, patientId, infusionDate, product, displayLabel, clock.millis());
            List<RegistryData.Patient> patients = new ArrayList<>(data.patients());
            patients.removeIf(x -> x.patientId().equals(patientId));
            patients.add(stored[0]);
            return new RegistryData(patients, data.devices(), data.users());
        });
        audit(actor, "patient.add", Map.of("patient", patientId, "infusionDate", infusionDate,
                "episode", Integer.toString(stored[0].episode())));
        return stored[0];
    }

    /** Registers (or re-assigns) a device and returns its secret, which is shown once. */
    public String addDevice(String deviceId, String patientId, String kind, String actor) {
        return addDevice(deviceId, patientId, kind, actor, false);
    }

    /**
     * Registers a device and returns its secret (shown once). With {@code onlyNew}, an id already in
     * use by a device that is neither revoked nor released (by a discharge) is refused ({@link RegistryException.Reason#CONFLICT}) rather
     * than re-assigned with a new secret, so a typo cannot cut off a working device.
     */
    public String addDevice(String deviceId, String patientId, String kind, String actor, boolean onlyNew) {
        checkId("device", deviceId);
        checkId("patient", patientId);
        if (!DEVICE_KINDS.contains(kind)) {
            throw invalid("kind", "--kind '" + kind + "' is not one of " + new java.util.TreeSet<>(DEVICE_KINDS));
        }
        int[] generation = {0};
        store.update(data -> {
            requireActive(data, patientId);
            List<RegistryData.Device> devices = new ArrayList<>(data.devices());
            long now = clock.millis();
            RegistryData.Device old = devices.stream().filter(d -> d.deviceId().equals(deviceId)).findFirst().orElse(null);
            if (onlyNew && old != null && !old.revoked() && !old.patientId().isEmpty()) {
                throw new RegistryException("device", RegistryException.Reason.CONFLICT, "device '" + deviceId
                        + "' is already registered; move it or rotate its secret instead");
            }
            devices.remove(old);
            // a re-added device gets a new generation, so its old secret stops working at once
            generation[0] = old == null ? 1 : old.generation() + 1;
            devices.add(new RegistryData.Device(deviceId, patientId, kind, generation[0], false,
                    old == null ? now : old.createdAt(), now));
            return new RegistryData(data.patients(), devices, data.users());
        });
        audit(actor, "device.add", Map.of("device", deviceId, "patient", patientId, "kind", kind,
                "generation", Integer.toString(generation[0])));
        return secrets.secretFor(deviceId, generation[0]);
    }

    /** One device of a bulk registration, with the secret shown once. */
    public record BulkDevice(String deviceId, String secret, String patientId, String kind) {
    }

    /**
     * Registers {@code count} patients {@code <prefix>p<i>} and one device {@code <prefix>d<i>} each
     * (i from 1, zero-padded to the width of count) in ONE registry write and one audit line, so
     * provisioning a benchmark fleet of 10,000+ devices costs one JVM and one fsync rather than one
     * per device. Existing entries with the same ids are replaced (devices get a new generation).
     */
    public List<BulkDevice> addBulk(String prefix, int count, String kind, String infusionDate, String actor) {
        if (count < 1 || count > 1_000_000) {
            throw new IllegalArgumentException("--count " + count + " must be between 1 and 1000000");
        }
        if (!DEVICE_KINDS.contains(kind)) {
            throw invalid("kind", "--kind '" + kind + "' is not one of " + new java.util.TreeSet<>(DEVICE_KINDS));
        }
        try {
            LocalDate.parse(infusionDate);
        } catch (DateTimeParseException | NullPointerException e) {
            throw invalid("infusion-date", "--infusion-date '" + infusionDate + "' is not a date in the form YYYY-MM-DD");
        }
        int width = Integer.toString(count).length();
        String fmt = "%0" + width + "d";
        checkId("prefix", prefix + "p" + String.format(fmt, count));
        long now = clock.millis();
        Map<String, Integer> generations = new LinkedHashMap<>();
        store.update(data -> {
            Map<String, RegistryData.Patient> patients = new LinkedHashMap<>();
            data.patients().forEach(p -> patients.put(p.patientId(), p));
            Map<String, RegistryData.Device> devices = new LinkedHashMap<>();
            data.devices().forEach(d -> devices.put(d.deviceId(), d));
            for (int i = 1; i <= count; i++) {
                String n = String.format(fmt, i);
                String patientId = prefix + "p" + n;
                String deviceId = prefix + "d" + n;
                patients.put(patientId, new RegistryData.Patient(patientId, infusionDate, "", patientId, now));
                RegistryData.Device old = devices.get(deviceId);
                int generation = old == null ? 1 : old.generation() + 1;
                devices.put(deviceId, new RegistryData.Device(deviceId, patientId, kind, generation, false,
                        old == null ? now : old.createdAt(), now));
                generations.put(deviceId, generation);
            }
            return new RegistryData(new ArrayList<>(patients.values()), new ArrayList<>(devices.values()), data.users());
        });
        audit(actor, "device.add-bulk", Map.of("prefix", prefix, "count", Integer.toString(count), "kind", kind));
        List<BulkDevice> out = new ArrayList<>(count);
        generations.forEach((deviceId, generation) -> out.add(new BulkDevice(deviceId, secrets.secretFor(deviceId, generation),
                prefix + "p" + deviceId.substring(prefix.length() + 1), kind)));
        return out;
    }

    public void revokeDevice(String deviceId, String actor) {
        changeDevice(deviceId, d -> new RegistryData.Device(d.deviceId(), d.patientId(), d.kind(), d.generation(), true,
                d.createdAt(), clock.millis()), null);
        audit(actor, "device.revoke", Map.of("device", deviceId));
    }

    /**
     * Assigns a device to another patient and keeps its secret (a kit is reused without re-flashing).
     * Its live connections are closed by the registry reload, so its next reading lands on the new patient.
     */
    public RegistryData.Device moveDevice(String deviceId, String patientId, String actor) {
        checkId("patient", patientId);
        String[] from = {null};
        RegistryData.Device moved = changeDevice(deviceId, d -> {
            if (d.revoked()) {
                throw new RegistryException("device", RegistryException.Reason.CONFLICT, "device '" + deviceId + "' is revoked; add it again (devices add) to reuse it");
            }
            from[0] = d.patientId();
            return new RegistryData.Device(d.deviceId(), patientId, d.kind(), d.generation(), false, d.createdAt(),
                    clock.millis());
        }, patientId);
        audit(actor, "device.move", Map.of("device", deviceId, "from", from[0], "to", patientId));
        return moved;
    }

    /** Gives a device a new secret (returned, shown once); the old one stops working and its connections close. */
    public String rotateSecret(String deviceId, String actor) {
        RegistryData.Device d = changeDevice(deviceId, x -> {
            if (x.revoked()) {
                throw new RegistryException("device", RegistryException.Reason.CONFLICT, "device '" + deviceId + "' is revoked; add it again (devices add) to reuse it");
            }
            return new RegistryData.Device(x.deviceId(), x.patientId(), x.kind(), x.generation() + 1, false,
                    x.createdAt(), clock.millis());
        }, null);
        audit(actor, "device.rotate", Map.of("device", deviceId, "generation", Integer.toString(d.generation())));
        return secrets.secretFor(deviceId, d.generation());
    }

    /** The registry in force now (for listings; holds no secret). */
    public RegistryData data() {
        return store.read();
    }

    /** Replaces one device under the registry lock; {@code patientMustExist} (if not null) is checked in the same write. */
    private RegistryData.Device changeDevice(String deviceId, UnaryOperator<RegistryData.Device> change,
                                             String patientMustExist) {
        checkId("device", deviceId);
        RegistryData.Device[] out = {null};
        store.update(data -> {
            if (patientMustExist != null) {
                requireActive(data, patientMustExist);
            }
            List<RegistryData.Device> devices = new ArrayList<>();
            for (RegistryData.Device d : data.devices()) {
                if (d.deviceId().equals(deviceId)) {
                    d = change.apply(d);
                    out[0] = d;
                }
                devices.add(d);
            }
            if (out[0] == null) {
                throw new RegistryException("device", RegistryException.Reason.UNKNOWN, "device '" + deviceId + "' is not registered");
            }
            return new RegistryData(data.patients(), devices, data.users());
        });
        return out[0];
    }

    public void addUser(String user, String role, char[] password, String actor) {
        users.addUser(user, role, password, actor);
    }

    /** User changes: add, role, disable/enable, password reset. */
    public UserAccounts users() {
        return users;
    }

    /** The patient must be registered and in an active episode. */
    private static void requireActive(RegistryData data, String patientId) {
        RegistryData.Patient p = data.patient(patientId);
        if (p == null) {
            throw new RegistryException("patient", RegistryException.Reason.UNKNOWN, "patient '" + patientId + "' is not registered (patients add first)");
        }
        if (!p.active()) {
            throw new RegistryException("patient", RegistryException.Reason.CONFLICT, "patient '" + patientId
                    + "' is discharged; re-admit with patients add first");
        }
    }

    static void checkId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw invalid(what, "--" + what + " '" + id + "' is not a valid pseudonym: use 1-64 letters,"
                    + " digits or . _ : -, starting with a letter or digit (never a name or record number)");
        }
    }

    static RegistryException invalid(String field, String message) {
        return new RegistryException(field, RegistryException.Reason.INVALID, message);
    }

    private void audit(String actor, String action, Map<String, String> details) {
        audit.append(actor, action, new LinkedHashMap<>(details), clock.instant());
    }
}
