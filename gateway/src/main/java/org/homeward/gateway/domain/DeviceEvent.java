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
    /** The {@code detail} of a DISCONNECTED event after the device's own clean MQTT DISCONNECT. */
    public static final String CLEAN_DISCONNECT = "client disconnect";

    public DeviceEvent {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(type, "type");
        detail = detail == null ? "" : detail;
    }

    /** True for a DISCONNECTED event the device asked for (MQTT DISCONNECT), false for a lost connection. */
    public boolean cleanDisconnect() {
        return type == Type.DISCONNECTED && CLEAN_DISCONNECT.equals(detail);
    }

    /** Event types. */
    public enum Type {
        CONNECTED, DISCONNECTED, OFFLINE_NOTICE, REVOKED
    }
}
