package org.homeward.gateway.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.records.JournalRecords;

/**
 * Journals alarm changes and remembers, per alarm, the write still in flight (or the last one that
 * failed), so a nurse command that changed an alarm can answer only once that change is durable
 * (issue 15: an acknowledgement answered 200 while the journal was full was gone after a restart).
 *
 * <p>Threading: {@link #write} is called on shard threads, {@link #durable} on any thread; neither
 * blocks. Memory: one entry per alarm whose last write is pending or failed.
 */
public final class AlarmWrites {
    private static final CompletableFuture<Long> DONE = CompletableFuture.completedFuture(0L);
    private final Journal journal;
    private final ConcurrentMap<String, CompletableFuture<Long>> inFlight = new ConcurrentHashMap<>();

    public AlarmWrites(Journal journal) {
        this.journal = journal;
    }

    /** Appends the alarm's current value; the future is the journal's. */
    CompletableFuture<Long> write(Alarm a) {
        CompletableFuture<Long> f = journal.append(JournalRecords.alarm(a));
        inFlight.put(a.id(), f);
        f.thenRun(() -> inFlight.remove(a.id(), f));
        return f;
    }

    /**
     * Completes when the alarm's latest change written through {@link #write} is durable, or
     * exceptionally when that write failed. Call it after the change was made (on its shard).
     */
    CompletableFuture<Long> durable(String alarmId) {
        return inFlight.getOrDefault(alarmId, DONE);
    }
}
