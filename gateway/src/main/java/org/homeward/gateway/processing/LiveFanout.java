package org.homeward.gateway.processing;

import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;

/**
 * A live listener whose target is set later: lets the shards be built before the live hub that reads
 * them. Until set, changes go to {@link LiveListener#NONE}. Thread-safe (volatile target).
 */
public final class LiveFanout implements LiveListener {
    private volatile LiveListener target = LiveListener.NONE;

    public void target(LiveListener target) {
        this.target = target;
    }

    @Override
    public void onPatientChanged(PatientSnapshot snapshot, Reading reading) {
        target.onPatientChanged(snapshot, reading);
    }

    @Override
    public void onAlarm(Alarm alarm) {
        target.onAlarm(alarm);
    }

    @Override
    public void onPatientRemoved(String patientId) {
        target.onPatientRemoved(patientId);
    }
}
