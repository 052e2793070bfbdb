package org.homeward.gateway.app;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.processing.PatientProfile;
import org.homeward.gateway.processing.PatientShards;

/**
 * Puts registry changes in force in the patient shards: new or changed patients and devices are
 * told, a moved, revoked or deleted device is taken off its former patient. Only the differences
 * from the last sync are sent: the shards' control queues are bounded (overflow is shed), and one
 * admin change must not re-send every patient and device of the registry.
 *
 * <p>Threading: every method is synchronized (housekeeping and admin requests both call it); none
 * blocks beyond a registry file read. A registry that cannot be read fails in the directory, which
 * keeps its last good data.
 */
public final class RegistrySync {
    /** What the sync tells; the patient shards in production. Calls must not block. */
    interface Target {
        void upsertPatient(PatientProfile profile);

        void registerDevice(String patientId, String deviceId, String kind);

        void unregisterDevice(String patientId, String deviceId);

        void keepOnlyAssigned(Map<String, String> devicePatient);
    }

    /** A device's patient and kind, as the shards know it. */
    private record Assignment(String patientId, String kind) {
    }

    private final FileDeviceDirectory directory;
    private final Target shards;
    /** Patients and device assignments as last told to the shards. */
    private final Map<String, PatientProfile> toldPatients = new HashMap<>();
    private final Map<String, Assignment> assigned = new HashMap<>();

    RegistrySync(FileDeviceDirectory directory, Target shards) {
        this.directory = directory;
        this.shards = shards;
    }

    /** Syncs {@code directory} into {@code shards}. */
    public static RegistrySync of(FileDeviceDirectory directory, PatientShards shards) {
        return new RegistrySync(directory, new Target() {
            @Override
            public void upsertPatient(PatientProfile profile) {
                shards.upsertPatient(profile);
            }

            @Override
            public void registerDevice(String patientId, String deviceId, String kind) {
                shards.registerDevice(patientId, deviceId, kind);
            }

            @Override
            public void unregisterDevice(String patientId, String deviceId) {
                shards.unregisterDevice(patientId, deviceId);
            }

            @Override
            public void keepOnlyAssigned(Map<String, String> devicePatient) {
                shards.keepOnlyAssigned(devicePatient);
            }
        });
    }

    /** Housekeeping, every poll interval: the directory re-reads a changed file, then the shards learn of it. */
    public void reload() {
        if (directory.refresh()) {
            sync();
        }
    }

    /** After an admin API change: re-read the registry whatever its time stamp says, then as above. */
    public void reloadNow() {
        directory.reload();
        sync();
    }

    /** Tells the shards what changed in the directory's current data since the last sync. */
    public void sync() {
        sync(directory.data());
    }

    synchronized void sync(RegistryData data) {
        for (RegistryData.Patient p : data.patients()) {
            PatientProfile profile = new PatientProfile(p.patientId(), LocalDate.parse(p.infusionDate()), p.product(),
                    p.displayLabel());
            if (!profile.equals(toldPatients.put(p.patientId(), profile))) {
                shards.upsertPatient(profile);
            }
        }
        Map<String, Assignment> now = new HashMap<>();
        for (RegistryData.Device d : data.devices()) {
            if (!d.revoked() && d.patientId() != null && !d.patientId().isEmpty()) {
                Assignment a = new Assignment(d.patientId(), d.kind());
                now.put(d.deviceId(), a);
                if (!a.equals(assigned.get(d.deviceId()))) {
                    shards.registerDevice(d.patientId(), d.deviceId(), d.kind());
                }
            }
        }
        assigned.forEach((device, was) -> {
            Assignment is = now.get(device);
            if (is == null || !is.patientId().equals(was.patientId())) {
                shards.unregisterDevice(was.patientId(), device);
            }
        });
        assigned.clear();
        assigned.putAll(now);
    }

    /** The journal replay lists devices under the patients they sent for; the registry may have moved them since. */
    public synchronized void keepOnlyAssignedDevices() {
        Map<String, String> devicePatient = new HashMap<>();
        assigned.forEach((device, a) -> devicePatient.put(device, a.patientId()));
        shards.keepOnlyAssigned(devicePatient);
    }
}
