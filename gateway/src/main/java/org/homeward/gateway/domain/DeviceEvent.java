package org.homeward.gateway.domain;

import java.util.Objects;

/**
 * A change in a device's connection or registration.
 *
 * @param deviceId  pseudonymous device id
 * @param patientId patient it is assigned to
 * @param type      what happened
 * @param atMillis  when (UTC epoch ms)
 * @param detail    e.g. {@code "will message"}, {@code "keep-alive timeout"}; may be empty
 */
public record DeviceEvent(String deviceId, String patientId, Type type, long atMillis, String detail) {
    public DeviceEvent {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(type, "type");
        detail = detail == null ? "" : detail;
    }

    /** Event types. */
    public enum Type {
        CONNECTED, DISCONNECTED, OFFLINE_NOTICE, REVOKED
    }
}
