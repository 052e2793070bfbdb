package org.homeward.gateway.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.journal.JournalException;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.processing.PatientCommands;
import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;
import org.homeward.gateway.audit.AuditTrail;

/**
 * What nurses and admins do, routed to the patient's shard (which owns alarm and rule state) and
 * audited. Alarm changes are journaled by the shard's alarm output; manual entries and threshold
 * changes are journaled here first, so a change that was confirmed survives a crash; alarm
 * commands answer once the changed alarm is durable ({@link AlarmJournal#durable}), and a journal that cannot
 * take a write (full, failing) is refused with 503 and a reason before anything changes. Non-blocking:
 * audit lines go through the {@link AuditTrail} (its own thread; failures counted, never thrown).
 */
public final class NurseCommands implements AlarmCommands {
    private final PatientCommands shards;
    private final Journal journal;
    private final AlarmJournal alarmJournal;
    private final AuditTrail audit;

    public NurseCommands(PatientCommands shards, Journal journal, AlarmJournal alarmJournal, AuditTrail audit) {
        this.shards = shards;
        this.journal = journal;
        this.alarmJournal = alarmJournal;
        this.audit = audit;
    }

    /**
     * Acknowledges, and answers only once the changed alarm is durable. A journal that cannot take
     * it now (full, failing) refuses before anything changes; a write that fails after the change
     * answers 503 too (the change then holds until a restart, where the alarm comes back unacknowledged).
     */
    @Override
    public CompletableFuture<Alarm> acknowledge(String alarmId, String user, String note) {
        return whenJournalTakes("the acknowledgement", () -> durably(
                single(alarmId, shards.acknowledge(alarmId, user, note), "acknowledged"), "the acknowledgement"))
                .thenApply(a -> audited(user, "alarm.ack", a, note));
    }

    @Override
    public CompletableFuture<Alarm> shelve(String alarmId, String user, int minutes, String note) {
        return whenJournalTakes("the shelving", () -> durably(
                single(alarmId, shards.shelve(alarmId, user, minutes * 60_000L), "shelved"), "the shelving"))
                .thenApply(a -> audited(user, "alarm.shelve", a, note));
    }

    private <T> CompletableFuture<T> whenJournalTakes(String what, Supplier<CompletableFuture<T>> command) {
        return journal.refusal().<CompletableFuture<T>>map(refused -> CompletableFuture.failedFuture(
                notStored(what, refused))).orElseGet(command);
    }

    private CompletableFuture<Alarm> durably(CompletableFuture<Alarm> changed, String what) {
        return changed.thenCompose(a -> stored(alarmJournal.durable(a.id()), what).thenApply(seq -> a));
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
            throw new CompletionException(notStored(what, e));
        });
    }

    /** 503 with why, in words (never a class name): the journal is full, cannot write, is busy or closing. */
    private static AlarmCommandException notStored(String what, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String why = cause instanceof JournalException j ? switch (j.kind()) {
            case FULL -> "the journal is at its disk limit";
            case IO -> "the journal cannot write to disk";
            case OVERLOADED -> "the journal is busy";
            case CLOSED -> "the gateway is shutting down";
        } : "the journal did not take it";
        return new AlarmCommandException(AlarmCommandException.Reason.UNAVAILABLE,
                what + " could not be stored (" + why + "); try again");
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
