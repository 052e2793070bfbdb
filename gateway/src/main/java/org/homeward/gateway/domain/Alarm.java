package org.homeward.gateway.domain;

import java.util.Objects;

/**
 * One alarm instance as seen at a point in time. Immutable: every change produces a new value with
 * the same {@code id}, and each such value is journaled, forwarded and audited.
 *
 * @param id               stable id of the instance (unique per gateway)
 * @param patientId        pseudonymous patient id
 * @param rule             rule id, e.g. {@code CRS-FEVER}, {@code HYPOXAEMIA}, {@code DATA-GAP}
 * @param kind             physiological or technical
 * @param priority         current priority
 * @param state            lifecycle state
 * @param onsetMillis      when the condition was confirmed
 * @param changedAtMillis  when this value was produced
 * @param user             who acknowledged or shelved it (null otherwise)
 * @param note             free-text note given with acknowledgement (may be null)
 * @param evidence         human-readable evidence, e.g. {@code "temp 38.4 °C at 08:15, 38.6 °C at 08:17"}
 * @param escalationLevel  0 = primary nurse; each unacknowledged step adds one
 * @param deviceId         device concerned (technical alarms), else null
 * @param lateMillis       how long after its measurement the reading that confirmed the condition arrived,
 *                         when it was marked late (buffered or delayed data); 0 when it came on time
 */
public record Alarm(String id, String patientId, String rule, AlarmKind kind, Priority priority, AlarmState state,
                    long onsetMillis, long changedAtMillis, String user, String note, String evidence,
                    int escalationLevel, String deviceId, long lateMillis) {
    public Alarm {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(state, "state");
    }

    /** An alarm not caused by late data. */
    public Alarm(String id, String patientId, String rule, AlarmKind kind, Priority priority, AlarmState state,
                 long onsetMillis, long changedAtMillis, String user, String note, String evidence,
                 int escalationLevel, String deviceId) {
        this(id, patientId, rule, kind, priority, state, onsetMillis, changedAtMillis, user, note, evidence,
                escalationLevel, deviceId, 0);
    }

    /** True when the reading that confirmed the condition arrived late (the nurse view marks it). */
    public boolean late() {
        return lateMillis > 0;
    }

    public boolean isOpen() {
        return state != AlarmState.RESOLVED;
    }
}
