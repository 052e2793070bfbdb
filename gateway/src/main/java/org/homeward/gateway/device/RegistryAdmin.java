package org.homeward.gateway.device;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.homeward.gateway.audit.AuditLog;

/**
 * Changes to the registry, shared by the command line and (later) the admin API. Every change is
 * validated first ({@link IllegalArgumentException} with a message for the person who typed it)
 * and leaves one audit line. Blocking (disk).
 */
public final class RegistryAdmin {
    /** Pseudonyms: letters, digits and {@code . _ : -}, starting alphanumeric; safe in MQTT topics and SenML names. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    public static final Set<String> DEVICE_KINDS = Set.of("patch", "oximeter", "bp-cuff", "resp-band", "scale", "activity");
    public static final Set<String> ROLES = Set.of("nurse", "admin");

    private final RegistryStore store;
    private final DeviceSecrets secrets;
    private final AuditLog audit;
    private final Clock clock;

    public RegistryAdmin(RegistryStore store, AuditLog audit, Clock clock) {
        this.store = store;
        this.secrets = new DeviceSecrets(store.masterKey());
        this.audit = audit;
        this.clock = clock;
    }

    public RegistryData.Patient addPatient(String patientId, String infusionDate, String product, String displayLabel,
                                           String actor) {
        checkId("patient", patientId);
        try {
            LocalDate.parse(infusionDate);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("--infusion-date '" + infusionDate + "' is not a date in the form YYYY-MM-DD");
        }
        RegistryData.Patient p = new RegistryData.Patient(patientId, infusionDate, product == null ? "" : product,
                displayLabel == null || displayLabel.isBlank() ? patientId : displayLabel, clock.millis());
        store.update(data -> {
            List<RegistryData.Patient> patients = new ArrayList<>(data.patients());
            patients.removeIf(x -> x.patientId().equals(patientId));
            patients.add(p);
            return new RegistryData(patients, data.devices(), data.users());
        });
        audit(actor, "patient.add", Map.of("patient", patientId, "infusionDate", infusionDate));
        return p;
    }

    /** Registers (or re-assigns) a device and returns its secret, which is shown once. */
    public String addDevice(String deviceId, String patientId, String kind, String actor) {
        checkId("device", deviceId);
        checkId("patient", patientId);
        if (!DEVICE_KINDS.contains(kind)) {
            throw new IllegalArgumentException("--kind '" + kind + "' is not one of " + new java.util.TreeSet<>(DEVICE_KINDS));
        }
        int[] generation = {0};
        store.update(data -> {
            if (data.patients().stream().noneMatch(p -> p.patientId().equals(patientId))) {
                throw new IllegalArgumentException("patient '" + patientId + "' is not registered (patients add first)");
            }
            List<RegistryData.Device> devices = new ArrayList<>(data.devices());
            long now = clock.millis();
            RegistryData.Device old = devices.stream().filter(d -> d.deviceId().equals(deviceId)).findFirst().orElse(null);
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
            throw new IllegalArgumentException("--kind '" + kind + "' is not one of " + new java.util.TreeSet<>(DEVICE_KINDS));
        }
        try {
            LocalDate.parse(infusionDate);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("--infusion-date '" + infusionDate + "' is not a date in the form YYYY-MM-DD");
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
        checkId("device", deviceId);
        store.update(data -> {
            List<RegistryData.Device> devices = new ArrayList<>();
            boolean found = false;
            for (RegistryData.Device d : data.devices()) {
                if (d.deviceId().equals(deviceId)) {
                    found = true;
                    d = new RegistryData.Device(d.deviceId(), d.patientId(), d.kind(), d.generation(), true,
                            d.createdAt(), clock.millis());
                }
                devices.add(d);
            }
            if (!found) {
                throw new IllegalArgumentException("device '" + deviceId + "' is not registered");
            }
            return new RegistryData(data.patients(), devices, data.users());
        });
        audit(actor, "device.revoke", Map.of("device", deviceId));
    }

    public void addUser(String user, String role, char[] password, String actor) {
        checkId("user", user);
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("--role '" + role + "' is not one of " + new java.util.TreeSet<>(ROLES));
        }
        if (password == null || password.length < 8) {
            throw new IllegalArgumentException("the password (read from standard input) must have at least 8 characters");
        }
        RegistryData.User u = PasswordHasher.hash(user, role, password, clock.millis());
        store.update(data -> {
            List<RegistryData.User> users = new ArrayList<>(data.users());
            users.removeIf(x -> x.user().equals(user));
            users.add(u);
            return new RegistryData(data.patients(), data.devices(), users);
        });
        audit(actor, "user.add", Map.of("user", user, "role", role));
    }

    private static void checkId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("--" + what + " '" + id + "' is not a valid pseudonym: use 1-64 letters,"
                    + " digits or . _ : -, starting with a letter or digit (never a name or record number)");
        }
    }

    private void audit(String actor, String action, Map<String, String> details) {
        audit.append(actor, action, new LinkedHashMap<>(details), clock.instant());
    }
}
