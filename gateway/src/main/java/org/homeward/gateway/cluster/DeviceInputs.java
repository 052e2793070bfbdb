package org.homeward.gateway.cluster;

import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.records.JournalRecords;

/**
 * Applies a {@link JournalRecords#DEVICE_INPUT} record that a non-owner node wrote for a device
 * connected to it: a refused record feeds the owner's SENSOR-FAULT rule, an update interval its gap
 * rules, exactly as if the device were connected to the owner. Called on the partition's consumer
 * thread; the shards queue the input to the patient's shard. Stateless.
 */
final class DeviceInputs {
    private DeviceInputs() {
    }

    /** Throws {@link IllegalArgumentException} for a refusal reason this node does not know. */
    static void apply(PatientShards shards, JournalRecords.DeviceInput in) {
        if (in.isRefusal()) {
            RecordRejection r = new RecordRejection(in.index(), in.name(), RecordRejection.Reason.valueOf(in.reason()),
                    in.detail(), in.sample());
            shards.rejected(in.deviceId(), in.patientId(), r, in.atMillis());
        } else if (in.intervalMillis() > 0) {
            shards.expectedInterval(in.deviceId(), in.patientId(), in.intervalMillis());
        }
    }
}
