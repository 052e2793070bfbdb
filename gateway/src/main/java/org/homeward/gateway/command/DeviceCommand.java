package org.homeward.gateway.command;

import java.util.Objects;

/**
 * One command to one device, in one state. Immutable: a transition makes a new value.
 *
 * @param id          random id; the MQTT 5 correlation data and the {@code id} of the JSON payload
 * @param patientId   pseudonym of the patient the device was assigned to when asked
 * @param deviceId    pseudonymous device id
 * @param command     what to do, e.g. {@code measure}
 * @param vital       what to measure, e.g. {@code blood-pressure}; null for commands without one
 * @param requestedBy the signed-in user who asked
 * @param createdAt   epoch millis when it was accepted
 * @param expiresAt   epoch millis after which it is not sent any more and becomes {@code expired}
 * @param state       current state
 * @param changedAt   epoch millis of the last transition
 * @param detail      the device's answer or refusal text, or why it expired; null when none
 */
public record DeviceCommand(String id, String patientId, String deviceId, String command, String vital,
                            String requestedBy, long createdAt, long expiresAt, CommandState state, long changedAt,
                            String detail) {
    public DeviceCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(state, "state");
    }

    /** This command in {@code next} state from {@code at}. */
    public DeviceCommand to(CommandState next, long at, String why) {
        return new DeviceCommand(id, patientId, deviceId, command, vital, requestedBy, createdAt, expiresAt, next, at, why);
    }

    /** Whole seconds left to live at {@code now}, rounded up; 0 once expired. */
    public long remainingSeconds(long now) {
        return now >= expiresAt ? 0 : (expiresAt - now + 999) / 1000;
    }

    /** Still to be sent: queued and not yet past its expiry at {@code now}. */
    public boolean sendable(long now) {
        return state == CommandState.QUEUED && now < expiresAt;
    }
}
