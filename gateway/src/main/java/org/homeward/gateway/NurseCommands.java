package org.homeward.gateway;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.journal.JournalRecords;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.web.AlarmCommandException;
import org.homeward.gateway.web.AlarmCommands;

/**
 * What nurses do, routed to the patient's shard (which owns alarm state) and audited. Alarm
 * changes are journaled by the shard's alarm output; manual entries are journaled here first, so
 * an entry that was confirmed survives a crash. Non-blocking: audit lines go to {@code auditExecutor}.
 */
final class NurseCommands implements AlarmCommands {
    private final PatientShards shards;
    private final Journal journal;
    private final AuditLog audit;
    private final Executor auditExecutor;
    private final Clock clock;

    NurseCommands(PatientShards shards, Journal journal, AuditLog audit, Executor auditExecutor, Clock clock) {
        this.shards = shards;
        this.journal = journal;
        this.audit = audit;
        this.auditExecutor = auditExecutor;
        this.clock = clock;
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
        return journal.append(JournalRecords.manual(entry))
                .exceptionally(e -> {
                    throw new CompletionException(new AlarmCommandException(AlarmCommandException.Reason.UNAVAILABLE,
                            "the entry could not be stored; try again"));
                })
                .thenCompose(seq -> shards.manualEntry(entry))
                .thenAccept(alarms -> auditExecutor.execute(() -> audit.append(entry.user(), "entry.add",
                        Map.of("patient", entry.patientId(), "kind", entry.kind().name()), clock.instant())));
    }

    private static CompletableFuture<Alarm> single(String alarmId, CompletableFuture<List<Alarm>> changed, String verb) {
        return changed.handle((list, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                AlarmCommandException.Reason reason = cause instanceof IllegalArgumentException
                        ? AlarmCommandException.Reason.NOT_FOUND : AlarmCommandException.Reason.UNAVAILABLE;
                throw new CompletionException(new AlarmCommandException(reason, cause.getMessage()));
            }
            return list.stream().filter(a -> a.id().equals(alarmId)).reduce((a, b) -> b)
                    .orElseThrow(() -> new CompletionException(new AlarmCommandException(
                            AlarmCommandException.Reason.CONFLICT, "alarm " + alarmId + " cannot be " + verb + " now")));
        });
    }

    private Alarm audited(String user, String action, Alarm a, String note) {
        auditExecutor.execute(() -> audit.append(user, action, Map.of("alarm", a.id(), "patient", a.patientId(),
                "rule", a.rule(), "note", note == null ? "" : note), clock.instant()));
        return a;
    }
}
