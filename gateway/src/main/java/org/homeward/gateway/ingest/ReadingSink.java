package org.homeward.gateway.ingest;

import java.util.List;
import org.homeward.gateway.domain.Reading;

/**
 * Processing as the ingest seam sees it (the patient shards). Every method is non-blocking and
 * called on the caller's thread (an adapter's event loop or the journal writer thread).
 */
public interface ReadingSink {

    /**
     * These readings are durable in the journal as the entry {@code sequence}. Processing reads them
     * from the journal by its own position, so this is only a hint (look now; here they are decoded):
     * it cannot fail, and a reading is evaluated even if the hint is lost or processing is behind.
     */
    void durable(long sequence, List<Reading> readings);

    /** A record was refused as implausible (feeds SENSOR-FAULT detection). */
    void rejected(String deviceId, String patientId, RecordRejection rejection, long atMillis);

    /**
     * The refused records of one pack, in pack order. One hand-off and one rule evaluation per pack instead
     * of one per record (a device refused in every pack sends them all the time). By default one by one.
     */
    default void rejected(String deviceId, String patientId, List<RecordRejection> rejections, long atMillis) {
        for (RecordRejection r : rejections) {
            rejected(deviceId, patientId, r, atMillis);
        }
    }

    /**
     * The device reported its update interval (SenML {@code ut}, already bounded, &gt; 0), after its
     * readings were accepted; the gap rules wait max(3 × interval, floor). Non-blocking; no-op by default.
     */
    default void expectedInterval(String deviceId, String patientId, long intervalMillis) {
    }
}
