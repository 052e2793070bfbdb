package org.homeward.gateway.forward;

import java.util.Objects;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;

/**
 * One record handed to a {@link Sink}: a reading or an alarm change, with where it came from in
 * the journal and the idempotency key every sink must pass on.
 *
 * @param sequence       journal sequence of the entry it came from
 * @param index          position inside that entry (readings batch index; 0 for an alarm)
 * @param idempotencyKey {@code <gatewayId>-<sequence>-<index>}: globally unique, stable across
 *                       retries and restarts
 * @param type           reading or alarm
 * @param reading        the reading (type READING), else null
 * @param alarm          the alarm change (type ALARM), else null
 */
public record ForwardRecord(long sequence, int index, String idempotencyKey, Type type, Reading reading,
                            Alarm alarm) {
    public ForwardRecord {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(type, "type");
        if ((type == Type.READING) != (reading != null) || (type == Type.ALARM) != (alarm != null)) {
            throw new IllegalArgumentException("payload does not match type " + type);
        }
    }

    /** Record types. */
    public enum Type {
        READING, ALARM
    }

    public static ForwardRecord reading(String gatewayId, long sequence, int index, Reading reading) {
        return keyedReading(gatewayId + "-" + sequence, sequence, index, reading);
    }

    public static ForwardRecord alarm(String gatewayId, long sequence, Alarm alarm) {
        return keyedAlarm(gatewayId + "-" + sequence, sequence, alarm);
    }

    /** A reading whose key is {@code <keyBase>-<index>} (see {@link ForwardSource.Entry#keyBase}). */
    static ForwardRecord keyedReading(String keyBase, long position, int index, Reading reading) {
        return new ForwardRecord(position, index, keyBase + "-" + index, Type.READING, reading, null);
    }

    /** An alarm change whose key is {@code <keyBase>-0}. */
    static ForwardRecord keyedAlarm(String keyBase, long position, Alarm alarm) {
        return new ForwardRecord(position, 0, keyBase + "-0", Type.ALARM, null, alarm);
    }

    /** Pseudonymous patient id of the payload. */
    public String patientId() {
        return type == Type.READING ? reading.patientId() : alarm.patientId();
    }

    /** The payload domain object (a {@link Reading} or an {@link Alarm}). */
    public Object payload() {
        return type == Type.READING ? reading : alarm;
    }
}
