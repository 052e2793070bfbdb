package org.homeward.gateway.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;
import org.homeward.gateway.web.AlarmCommandException;
import org.homeward.gateway.web.AlarmCommands;
import org.homeward.gateway.audit.AuditTrail;

/**
 * What nurses and admins do, routed to the patient's shard (which owns alarm and rule state) and
 * audited. Alarm changes are journaled by the shard's alarm output; manual entries and threshold
 * changes are journaled here first, so a change that was confirmed survives a crash. Non-blocking:
 * audit lines go through the {@link AuditTrail} (its own thread; failures counted, never thrown).
 */
public final class NurseCommands implements AlarmCommands {
    private final PatientShards shards;
    private final Journal journal;
    private final AuditTrail audit;

    public NurseCommands(PatientShards shards, Journal journal, AuditTrail audit) {
        this.shards = shards;
        this.journal = journal;
        this.audit = audit;
    }

    @Override
    public CompletableFuture<Alarm> acknowledge(String alarmId, String user, String note) {
        return single(alarmId, shards.acknowledge(alarmId, user, note), "acknowledged")
                .thenApply(a -> audited(user, "alarm.ack", a, note));
    }

    @Override
    public CompletableFuture<Alarm> shelve(String alarmId, String user, int minutes, String note) {
        return single(alarmId, shards.shelve(alarmId, user, minutes * 60_000L), "shelved")
                .thenApply(a -> audited(user, "alarm.shelve", a, note));
    }

    @Override
    public CompletableFuture<Void> addManualEntry(ManualEntry entry) {
        return stored(journal.append(JournalRecords.manual(entry)), "the entry")
                .thenCompose(seq -> shards.manualEntry(entry))
                .thenAccept(alarms -> audit.record(entry.user(), "entry.add",
                        Map.of("patient", entry.patientId(), "kind", entry.kind().name())));
    }

    @Override
    public CompletableFuture<PatientThresholds> thresholds(String patientId) {
        return shard(shards.thresholds(patientId));
    }

    @Override
    public CompletableFuture<PatientThresholds> changeThresholds(ThresholdChange change) {
        return stored(journal.append(JournalRecords.thresholds(change)), "the threshold change")
                .thenCompose(seq -> shard(shards.changeThresholds(change)))
                .thenApply(t -> {
                    ThresholdChange applied = t.history().get(t.history().size() - 1);
                    Map<String, String> d = new LinkedHashMap<>();
                    d.put("patient", change.patientId());
                    d.put("changed", ThresholdDiff.describe(applied.before(), applied.after()));
                    d.put("before", applied.before().asMap().toString());
                    d.put("after", applied.after().asMap().toString());
                    d.put("reason", change.reason());
                    audit.record(change.user(), "thresholds.change", d);
                    return t;
                });
    }

    private static <T> CompletableFuture<T> stored(CompletableFuture<T> append, String what) {
        return append.exceptionally(e -> {
            throw new CompletionException(new AlarmCommandException(AlarmCommandException.Reason.UNAVAILABLE,
                    what + " could not be stored; try again"));
        });
    }

    /** Maps shard failures: unknown patient → 404, overload → 503, no clinical rules (null) → 503. */
    private static CompletableFuture<PatientThresholds> shard(CompletableFuture<PatientThresholds> f) {
        return f.handle((t, error) -> {
            if (error != null) {
                throw new CompletionException(commandFailure(error));
            }
            if (t == null) {
                throw new CompletionException(new AlarmCommandException(AlarmCommandException.Reason.UNAVAILABLE,
                        "clinical rules are not running"));
            }
            return t;
        });
    }

    private static AlarmCommandException commandFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        AlarmCommandException.Reason reason = cause instanceof IllegalArgumentException
                ? AlarmCommandException.Reason.NOT_FOUND : AlarmCommandException.Reason.UNAVAILABLE;
        return new AlarmCommandException(reason, cause.getMessage());
    }

    private static CompletableFuture<Alarm> single(String alarmId, CompletableFuture<List<Alarm>> changed, String verb) {
        return changed.handle((list, error) -> {
            if (error != null) {
                throw new CompletionException(commandFailure(error));
            }
            return list.stream().filter(a -> a.id().equals(alarmId)).reduce((a, b) -> b)
                    .orElseThrow(() -> new CompletionException(new AlarmCommandException(
                            AlarmCommandException.Reason.CONFLICT, "alarm " + alarmId + " cannot be " + verb + " now")));
        });
    }

    private Alarm audited(String user, String action, Alarm a, String note) {
        audit.record(user, action, Map.of("alarm", a.id(), "patient", a.patientId(), "rule", a.rule(),
                "note", note == null ? "" : note));
        return a;
    }
}
