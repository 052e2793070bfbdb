package org.homeward.gateway.processing;

import java.util.List;
import java.util.Optional;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;

/**
 * Read side of the live state, for the HTTP API and the live view.
 *
 * <p>Threading: safe from any thread; never blocks on a shard (snapshots are published by the
 * shards as immutable values).
 */
public interface PatientQuery {

    /** Every monitored patient. */
    List<PatientSnapshot> patients();

    Optional<PatientSnapshot> patient(String patientId);

    /** Readings of a patient measured at or after {@code sinceMillis}, oldest first (bounded in-memory history). */
    List<Reading> history(String patientId, long sinceMillis);

    /** Alarms, newest first; {@code openOnly} limits to unresolved ones. */
    List<Alarm> alarms(boolean openOnly);

    /**
     * Every retained value (transition) of the patient's alarms changed at or after {@code sinceMillis},
     * plus every value of alarms still open, oldest first. The default has only each alarm's current value.
     */
    default List<Alarm> alarmHistory(String patientId, long sinceMillis) {
        List<Alarm> out = new java.util.ArrayList<>();
        for (Alarm a : alarms(false)) {
            if (a.patientId().equals(patientId) && (a.isOpen() || a.changedAtMillis() >= sinceMillis)) {
                out.add(a);
            }
        }
        out.sort(java.util.Comparator.comparingLong(Alarm::changedAtMillis));
        return out;
    }
}
