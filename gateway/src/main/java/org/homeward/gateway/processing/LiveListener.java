package org.homeward.gateway.processing;

import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;

/**
 * Receives live changes after they are durable. Called on a shard thread: implementations must
 * return quickly and never block (offer into their own bounded, conflating structures).
 */
public interface LiveListener {

    /** A patient's snapshot changed because of {@code reading} (may be null for other causes). */
    void onPatientChanged(PatientSnapshot snapshot, Reading reading);

    /** An alarm was raised or changed state. Never dropped by implementations. */
    void onAlarm(Alarm alarm);

    /** The patient left the board (discharged: its episode ended). Never dropped by implementations. */
    default void onPatientRemoved(String patientId) {
    }

    /** Listens to nothing. */
    LiveListener NONE = new LiveListener() {
        @Override
        public void onPatientChanged(PatientSnapshot snapshot, Reading reading) {
        }

        @Override
        public void onAlarm(Alarm alarm) {
        }
    };
}
