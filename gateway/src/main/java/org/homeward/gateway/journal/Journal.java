package org.homeward.gateway.journal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, append-only log every acknowledged reading and every alarm change goes through.
 *
 * <p>Entries are opaque byte arrays (see {@code org.homeward.gateway.records.JournalRecords} for what the gateway puts in
 * them), each numbered by a sequence that starts at 1 and rises by one per entry, across
 * restarts. Every entry is checksummed on disk; recovery cuts a torn or corrupt tail and keeps
 * everything before it.
 *
 * <p>Threading: {@link #append} may be called from any thread and never blocks: entries go to a
 * bounded queue drained by one writer thread that group-commits (write + fsync) and then completes
 * the futures, on that writer thread. When the queue is full the future fails at once with
 * {@link JournalException.Kind#OVERLOADED}. {@link #read} may be called from any thread and sees
 * only durable entries.
 */
public interface Journal extends AutoCloseable {

    /**
     * Appends one entry. The future completes with the entry's sequence once it is on disk and
     * fsync'd, or fails with a {@link JournalException}. The array must not be changed afterwards.
     */
    CompletableFuture<Long> append(byte[] entry);

    /**
     * Reads up to {@code max} durable entries with a sequence greater than {@code afterSequence},
     * in order. Returns an empty list when there is nothing newer. Entries removed by retention
     * are skipped: the first returned sequence may then be larger than {@code afterSequence + 1}.
     */
    List<JournalEntry> read(long afterSequence, int max) throws IOException;

    /**
     * Why an append would be refused right now (closed, disk limit reached, writer faulted and
     * retrying), or empty while appends are accepted. For callers that must not change state they
     * could not store: an append can still fail afterwards. Any thread; cheap, never blocks.
     */
    default Optional<JournalException> refusal() {
        return Optional.empty();
    }

    /** Sequence of the newest durable entry; 0 when the journal is empty. */
    long lastSequence();

    /** Sequence of the oldest entry still kept; lastSequence()+1 when empty. */
    long firstSequence();

    /**
     * Deletes whole segments all of whose entries have a sequence at or below {@code sequence}
     * and whose newest entry was written before {@code olderThanMillis}. Never deletes the active
     * segment. Returns the number of bytes freed.
     */
    long deleteUpTo(long sequence, long olderThanMillis) throws IOException;

    /** Bytes on disk. */
    long sizeBytes();

    /** Flushes and closes; pending appends are completed (or failed with CLOSED), never dropped silently. */
    @Override
    void close();
}
