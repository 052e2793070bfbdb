package org.homeward.gateway.domain;

import java.util.List;
import java.util.Objects;

/**
 * One accepted, normalised measurement: value in the vital's canonical unit.
 *
 * @param deviceId        pseudonymous device id (never a name or record number)
 * @param patientId       pseudonymous patient id the device was assigned to when it measured
 * @param vital           what was measured
 * @param value           value in {@link Vital#ucum()}
 * @param measuredAtMillis measurement time (UTC epoch ms), resolved from SenML base/relative time
 * @param receivedAtMillis when the gateway received it (UTC epoch ms)
 * @param quality         signal quality
 * @param rawUnit         the unit the device sent, kept for audit (may be empty)
 * @param late            true when measured well before it was received (device buffered it offline)
 */
public record Reading(String deviceId, String patientId, Vital vital, double value, long measuredAtMillis,
                      long receivedAtMillis, Quality quality, String rawUnit, boolean late) {
    /**
     * The end (exclusive) of the run of readings from {@code from} that are one instant: the same patient,
     * device, measurement and receive time (one pack's vital-sign set). Processing evaluates such a run once.
     */
    public static int sameInstantEnd(List<Reading> readings, int from) {
        Reading first = readings.get(from);
        int end = from + 1;
        while (end < readings.size()) {
            Reading r = readings.get(end);
            if (r.measuredAtMillis() != first.measuredAtMillis() || r.receivedAtMillis() != first.receivedAtMillis()
                    || !r.patientId().equals(first.patientId()) || !r.deviceId().equals(first.deviceId())) {
                break;
            }
            end++;
        }
        return end;
    }

    public Reading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(vital, "vital");
        Objects.requireNonNull(quality, "quality");
        rawUnit = rawUnit == null ? "" : rawUnit;
    }
}
