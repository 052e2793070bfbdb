package org.homeward.gateway.app;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.processing.PatientProfile;
import org.homeward.gateway.processing.PatientShards;

/**
 * Puts registry changes in force in the patient shards: new or changed patients and devices are
 * told, a moved, revoked or deleted device is taken off its former patient, a discharged patient's
 * episode ends and a re-admitted one's starts. Only the differences
 * from the last sync are sent: the shards' control queues are bounded (overflow is shed), and one
 * admin change must not re-send every patient and device of the registry.
 *
 * <p>Threading: every sync is synchronized (housekeeping and admin requests both call it); none
 * blocks beyond a registry file read, except {@link #reloadNow()}, which waits for the shards. A registry that cannot be read fails in the directory, which
 * keeps its last good data.
 */
public final class RegistrySync {
    /** What the sync tells; the patient shards in production. Calls must not block. */
    interface Target {
        void upsertPatient(PatientProfile profile);

        void registerDevice(String patientId, String deviceId, String kind);

        void unregisterDevice(String patientId, String deviceId);

        void keepOnlyAssigned(Map<String, String> devicePatient);

        /** Completes when everything told so far is applied and visible to queries and nurse commands. */
        default CompletableFuture<Void> applied() {
            return CompletableFuture.completedFuture(null);
        }

        /** A re-admitted patient's new episode, started at {@code admittedAtMillis}. */
        void admit(PatientProfile profile, long admittedAtMillis);

        /** Ends the patient's episode: open alarms closed by {@code user} with {@code reason}, off the board. */
        void discharge(String patientId, String user, String reason);

        /** Marks the patient discharged before its released devices disconnect (no alarm for that). */
        void dischargePending(String patientId);
    }

    /** How long an admin API change waits for the shards to apply it before it answers with an error. */
    static final long APPLY_TIMEOUT_SECONDS = 5;

    /** A device's patient and kind, as the shards know it. */
    private record Assignment(String patientId, String kind) {
    }

    private final FileDeviceDirectory directory;
    private final Target shards;
    /** Patients and device assignments as last told to the shards. */
    private final Map<String, PatientProfile> toldPatients = new HashMap<>();
    /** Each patient's episode as last told ("active 2", "discharged 1"). */
    private final Map<String, String> toldEpisodes = new HashMap<>();
    private final Map<String, Assignment> assigned = new HashMap<>();

    RegistrySync(FileDeviceDirectory directory, Target shards) {
        this.directory = directory;
        this.shards = shards;
    }

    /** Syncs {@code directory} into {@code shards}. */
    public static RegistrySync of(FileDeviceDirectory directory, PatientShards shards) {
        return of(directory, shards, patientId -> true);
    }

    /**
     * Syncs only the patients {@code owned} accepts (and their devices) into {@code shards}: in cluster mode
     * the engine of one partition is told the patients of that partition only.
     */
    public static RegistrySync of(FileDeviceDirectory directory, PatientShards shards, Predicate<String> owned) {
        return new RegistrySync(directory, new Target() {
            @Override
            public void upsertPatient(PatientProfile profile) {
                if (owned.test(profile.patientId())) {
                    shards.upsertPatient(profile);
                }
            }

            @Override
            public void registerDevice(String patientId, String deviceId, String kind) {
                if (owned.test(patientId)) {
                    shards.registerDevice(patientId, deviceId, kind);
                }
            }

            @Override
            public void unregisterDevice(String patientId, String deviceId) {
                if (owned.test(patientId)) {
                    shards.unregisterDevice(patientId, deviceId);
                }
            }

            @Override
            public void keepOnlyAssigned(Map<String, String> devicePatient) {
                shards.keepOnlyAssigned(devicePatient);
            }

            @Override
            public CompletableFuture<Void> applied() {
                return shards.applied();
            }

            @Override
            public void admit(PatientProfile profile, long admittedAtMillis) {
                if (owned.test(profile.patientId())) {
                    shards.admit(profile, admittedAtMillis);
                }
            }

            @Override
            public void discharge(String patientId, String user, String reason) {
                if (owned.test(patientId)) {
                    shards.discharge(patientId, user, reason);
                }
            }

            @Override
            public void dischargePending(String patientId) {
                if (owned.test(patientId)) {
                    shards.dischargePending(patientId);
                }
            }
        });
    }

    /** Housekeeping, every poll interval: the directory re-reads a changed file, then the shards learn of it. */
    public void reload() {
        if (directory.refresh()) {
            sync();
        }
    }

    /**
     * After an admin API change: re-read the registry whatever its time stamp says, then as above, and wait
     * until the shards have applied it, so the change is in force for devices, queries and nurse commands
     * when the API answers (a patient created and at once given a nurse entry must not be "not found").
     * Blocks the admin thread up to {@link #APPLY_TIMEOUT_SECONDS}; then fails with a clear message.
     */
    public void reloadNow() {
        directory.reload();
        sync();
        try {
            shards.applied().get(APPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the change was being applied", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the change is saved but patient processing has not applied it yet"
                    + " (overloaded); it takes effect within " + APPLY_TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Tells the shards what changed in the directory's current data since the last sync. */
    public void sync() {
        sync(directory.data());
    }

    synchronized void sync(RegistryData data) {
        for (RegistryData.Patient p : data.patients()) {
            String episode = p.state() + " " + p.episode();
            boolean episodeChanged = !episode.equals(toldEpisodes.put(p.patientId(), episode));
            if (!p.active()) {
                toldPatients.remove(p.patientId());
                if (episodeChanged) {
                    shards.discharge(p.patientId(), dischargedBy(p), p.dischargeReason());
                }
                continue;
            }
            PatientProfile profile = new PatientProfile(p.patientId(), LocalDate.parse(p.infusionDate()), p.product(),
                    p.displayLabel());
            if (episodeChanged && p.episode() > 1) {
                toldPatients.put(p.patientId(), profile);
                shards.admit(profile, p.admittedAt());
            } else if (!profile.equals(toldPatients.put(p.patientId(), profile))) {
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

    /**
     * Told by the directory of each new registry version before it closes released devices'
     * connections: its discharged patients are marked first, so those disconnects raise no alarm.
     */
    public void markDischarged(RegistryData data) {
        data.patients().stream().filter(p -> !p.active()).forEach(p -> shards.dischargePending(p.patientId()));
    }

    /**
     * After the replay: alarms of a patient discharged while the gateway was down are still open in
     * the journal; closing them now (with the discharge's reason) leaves no alarm outliving its episode.
     */
    public synchronized void closeDischargedAlarms() {
        directory.data().patients().stream().filter(p -> !p.active())
                .forEach(p -> shards.discharge(p.patientId(), dischargedBy(p), p.dischargeReason()));
    }

    private static String dischargedBy(RegistryData.Patient p) {
        return p.dischargedBy() == null ? "registry" : p.dischargedBy();
    }

    /** The journal replay lists devices under the patients they sent for; the registry may have moved them since. */
    public synchronized void keepOnlyAssignedDevices() {
        Map<String, String> devicePatient = new HashMap<>();
        assigned.forEach((device, a) -> devicePatient.put(device, a.patientId()));
        shards.keepOnlyAssigned(devicePatient);
    }
}
