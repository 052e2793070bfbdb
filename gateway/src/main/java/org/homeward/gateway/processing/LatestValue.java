package org.homeward.gateway.processing;

import org.homeward.gateway.domain.Quality;

/**
 * The newest value of one vital for a patient by measurement time (never one stamped in the future):
 * canonical value, measurement time, quality, source device, and when it arrived.
 *
 * @param receivedAtMillis when the gateway received it
 * @param late             marked late at ingest: measured more than {@code ingest.late-after} before it arrived
 */
public record LatestValue(double value, long measuredAtMillis, Quality quality, String deviceId, long receivedAtMillis,
                          boolean late) {
    /** A value that arrived when it was measured. */
    public LatestValue(double value, long measuredAtMillis, Quality quality, String deviceId) {
        this(value, measuredAtMillis, quality, deviceId, measuredAtMillis, false);
    }

    /** How long after its measurement the value arrived (0 when on time or stamped ahead). */
    public long arrivalDelayMillis() {
        return Math.max(0, receivedAtMillis - measuredAtMillis);
    }
}
