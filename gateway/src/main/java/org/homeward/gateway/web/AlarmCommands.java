package org.homeward.gateway.web;

import java.util.concurrent.CompletableFuture;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;

/**
 * What a nurse can do from the view or the API. Implemented by the integrator (the commands go to
 * the patient's shard, which owns alarm state, and are journaled and audited there).
 *
 * <p>Threading: called on an HTTP event loop; every method must return at once (no blocking) and
 * complete its future later on any thread. Failures complete the future exceptionally with an
 * {@link AlarmCommandException} whose reason the server maps to a status; any other exception
 * becomes a 500 without detail.
 */
public interface AlarmCommands {

    /**
     * Acknowledges one alarm instance on behalf of a named user.
     *
     * @param note free text, may be null
     * @return the alarm as it is after the acknowledgement (state ACKNOWLEDGED, {@code user} set)
     */
    CompletableFuture<Alarm> acknowledge(String alarmId, String user, String note);

    /** Shelves one alarm instance for {@code minutes} (1..max from settings); returns the shelved alarm. */
    CompletableFuture<Alarm> shelve(String alarmId, String user, int minutes, String note);

    /** Records an observation entered by a person; completes when it is durable. */
    CompletableFuture<Void> addManualEntry(ManualEntry entry);

    /** A patient's thresholds, the programme's and the change history (read on the patient's shard). */
    default CompletableFuture<PatientThresholds> thresholds(String patientId) {
        return CompletableFuture.failedFuture(new AlarmCommandException(AlarmCommandException.Reason.UNAVAILABLE,
                "per-patient thresholds are not available"));
    }

    /**
     * Changes a patient's thresholds (the caller has checked the role and every value): journaled
     * first, then applied on the patient's shard (alarms re-evaluated) and audited with old and new
     * values. Completes with the thresholds after the change.
     */
    default CompletableFuture<PatientThresholds> changeThresholds(ThresholdChange change) {
        return thresholds(change.patientId());
    }
}
