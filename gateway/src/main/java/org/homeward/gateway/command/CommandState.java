package org.homeward.gateway.command;

import java.util.Locale;

/**
 * Where a device command is: {@code queued} (durably accepted, not yet acknowledged by the device),
 * {@code delivered} (MQTT PUBACK from the device, or the CoAP response that carried it was sent),
 * then one terminal state: {@code answered} (the device did it), {@code refused} (the device said
 * no) or {@code expired} (its time-to-live ran out first).
 */
public enum CommandState {
    QUEUED, DELIVERED, ANSWERED, REFUSED, EXPIRED;

    public boolean terminal() {
        return this == ANSWERED || this == REFUSED || this == EXPIRED;
    }

    /** Lower-case name as in JSON, the audit trail and docs/api.md. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
