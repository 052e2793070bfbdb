package org.homeward.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.processing.PatientProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Registry sync tells the shards only what changed since the last sync. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RegistrySyncTest {
    final Recorder shards = new Recorder();
    final RegistrySync sync = new RegistrySync(null, shards);

    static RegistryData.Patient patient(String id, String label) {
        return new RegistryData.Patient(id, "2026-11-30", "axi-cel", label, 0);
    }

    static RegistryData.Device device(String id, String patient, boolean revoked) {
        return new RegistryData.Device(id, patient, "thermometer", 1, revoked, 0, 0);
    }

    static RegistryData data(List<RegistryData.Patient> patients, List<RegistryData.Device> devices) {
        return new RegistryData(patients, devices, List.of());
    }

    @Test
    void givenAnUnchangedRegistry_whenSyncedTwice_thenEachPatientAndDeviceIsToldOnce() {
        RegistryData d = data(List.of(patient("p-1", "Bed 1")), List.of(device("d-1", "p-1", false)));

        sync.sync(d);
        sync.sync(d);

        assertThat(shards.calls).containsExactly("patient p-1 Bed 1", "register p-1 d-1 thermometer");
    }

    @Test
    void givenAChangedPatient_whenSynced_thenOnlyThatPatientIsToldAgain() {
        sync.sync(data(List.of(patient("p-1", "Bed 1"), patient("p-2", "Bed 2")), List.of()));
        shards.calls.clear();

        sync.sync(data(List.of(patient("p-1", "Bed 1"), patient("p-2", "Bed 7")), List.of()));

        assertThat(shards.calls).containsExactly("patient p-2 Bed 7");
    }

    @Test
    void givenAMovedRevokedAndDeletedDevice_whenSynced_thenEachLeavesItsFormerPatient() {
        sync.sync(data(List.of(), List.of(device("d-move", "p-1", false), device("d-revoke", "p-1", false),
                device("d-delete", "p-1", false), device("d-stay", "p-1", false))));
        shards.calls.clear();

        sync.sync(data(List.of(), List.of(device("d-move", "p-2", false), device("d-revoke", "p-1", true),
                device("d-stay", "p-1", false))));

        assertThat(shards.calls).containsExactlyInAnyOrder("register p-2 d-move thermometer",
                "unregister p-1 d-move", "unregister p-1 d-revoke", "unregister p-1 d-delete");
    }

    @Test
    void givenAnUnassignedDevice_whenSynced_thenItIsNotRegistered() {
        sync.sync(data(List.of(), List.of(device("d-spare", "", false), device("d-null", null, false))));

        assertThat(shards.calls).isEmpty();
    }

    @Test
    void givenSyncedDevices_whenKeepingOnlyAssigned_thenTheShardsGetTheCurrentDeviceToPatientMap() {
        sync.sync(data(List.of(), List.of(device("d-1", "p-1", false), device("d-2", "p-2", true))));

        sync.keepOnlyAssignedDevices();

        assertThat(shards.kept).isEqualTo(Map.of("d-1", "p-1"));
    }

    /** Records what the sync tells, in order. */
    static final class Recorder implements RegistrySync.Target {
        final List<String> calls = new ArrayList<>();
        Map<String, String> kept;

        @Override
        public void upsertPatient(PatientProfile profile) {
            calls.add("patient " + profile.patientId() + " " + profile.displayLabel());
        }

        @Override
        public void registerDevice(String patientId, String deviceId, String kind) {
            calls.add("register " + patientId + " " + deviceId + " " + kind);
        }

        @Override
        public void unregisterDevice(String patientId, String deviceId) {
            calls.add("unregister " + patientId + " " + deviceId);
        }

        @Override
        public void keepOnlyAssigned(Map<String, String> devicePatient) {
            kept = Map.copyOf(devicePatient);
        }
    }
}
