package org.homeward.gateway.ingest;

import java.util.List;
import org.homeward.gateway.domain.Reading;

/**
 * Where durable readings go next (the patient shards). Non-blocking.
 */
public interface ReadingSink {

    /** True if the patient's shard can take more work now; checked before the durable write. */
    boolean hasCapacity(String patientId);

    /** Hands over durable readings; returns false (and counts it) if the shard queue was full. */
    boolean accept(List<Reading> readings);

    /** A record was refused as implausible (feeds SENSOR-FAULT detection). */
    void rejected(String deviceId, String patientId, RecordRejection rejection, long atMillis);

    /**
     * The device reported its update interval (SenML {@code ut}, already bounded, &gt; 0), after its
     * readings were accepted; the gap rules wait max(3 × interval, floor). Non-blocking; no-op by default.
     */
    default void expectedInterval(String deviceId, String patientId, long intervalMillis) {
    }
}
