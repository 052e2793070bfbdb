package org.homeward.gateway.processing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;

/**
 * The nurse's commands as processing takes them: run on the shard that owns the patient, answered with
 * the changed alarms or thresholds. {@link PatientShards} implements it on one process; in cluster mode a
 * router picks the engine of the patient's partition. Every method is non-blocking; failures come back in
 * the future ({@link IllegalArgumentException}: unknown alarm or patient; {@link IllegalStateException}:
 * overloaded or not processed here).
 */
public interface PatientCommands {

    CompletableFuture<List<Alarm>> acknowledge(String alarmId, String user, String note);

    CompletableFuture<List<Alarm>> shelve(String alarmId, String user, long durationMillis);

    /** A manual entry, already journaled by the caller. */
    CompletableFuture<List<Alarm>> manualEntry(ManualEntry e);

    /** A threshold change, already journaled by the caller; completes with the thresholds after it. */
    CompletableFuture<PatientThresholds> changeThresholds(ThresholdChange change);

    CompletableFuture<PatientThresholds> thresholds(String patientId);
}
