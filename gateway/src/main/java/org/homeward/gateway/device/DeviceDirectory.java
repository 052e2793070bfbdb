package org.homeward.gateway.device;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Who the devices are, read by the protocol adapters.
 *
 * <p>Threading: every method is safe from any thread and never blocks on I/O (the registry is
 * held in memory and swapped atomically when the files under {@code data.dir} change).
 * Verification is a keyed hash (HMAC-SHA256) in constant time: device secrets carry 128+ bits
 * of entropy, so a slow KDF would only make a reconnect storm queue.
 */
public interface DeviceDirectory {

    /**
     * Checks a device's secret (MQTT password). Returns the device when the id is known, active
     * (not revoked, assigned to a patient) and the secret matches; empty otherwise. The caller
     * must not reveal which of these failed to the device.
     */
    Optional<DeviceInfo> authenticate(String deviceId, byte[] secret);

    /** Why {@link #authenticate} would refuse; for metrics and audit only, never told to the device. */
    AuthFailure explainFailure(String deviceId, byte[] secret);

    /** The pre-shared key for DTLS PSK (identity = device id), or empty if unknown or inactive. */
    Optional<byte[]> pskFor(String deviceId);

    /** The active device with this id, if any. */
    Optional<DeviceInfo> find(String deviceId);

    /**
     * Registers a listener called (on a registry thread) with the id of each device that was
     * revoked or moved to another patient, so adapters can close its live connections.
     */
    void onDeactivated(Consumer<String> listener);

    /** Reasons for refusing a device, as metric tag values. */
    enum AuthFailure {
        NONE, UNKNOWN_DEVICE, REVOKED, UNASSIGNED, BAD_SECRET;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
