package org.homeward.gateway.forward;

import java.io.IOException;
import java.util.List;

/**
 * Where a {@link Forwarder} reads its records from, and where it records how far its sink got: the
 * local journal with a cursor file ({@link #journal}, the single-process default), or in cluster mode
 * the readings topic as a Kafka consumer group (in package {@code cluster}), so each record is
 * forwarded once per cluster.
 *
 * <p>Positions are the source's own increasing numbers ({@link Entry#position}); the forwarder only
 * compares them and reports "everything up to here is done" through {@link #finished}.
 *
 * <p>Threading: {@link #next}, {@link #finished} and {@link #close} run on the forwarder thread only;
 * {@link #position} and {@link #backlog} may be called from any thread (health, meters).
 */
public interface ForwardSource {

    /**
     * One entry to forward.
     *
     * @param position its position in this source, increasing
     * @param keyBase  the stable, cluster-unique first part of its records' idempotency keys
     *                 ({@code <keyBase>-<index>})
     * @param payload  {@code JournalRecords} bytes
     */
    record Entry(long position, String keyBase, byte[] payload) {
    }

    /**
     * Up to {@code max} entries after everything {@link #finished}; entries handed out before but not
     * finished are handed out again (a failed window is re-read, never skipped). Empty when none now.
     */
    List<Entry> next(int max) throws IOException;

    /** Everything up to {@code position} was confirmed or dead-lettered: persist that, then move on. */
    void finished(long position);

    /** The highest position finished. */
    long position();

    /** Entries not yet finished (an estimate where the source cannot count exactly). */
    long backlog();

    /**
     * True when journal retention must wait for this source (its positions are journal sequences);
     * false for a source that does not read the local journal.
     */
    boolean holdsJournal();

    /** Partitions of the readings topic this node forwards now; empty for the journal (not a cluster source). */
    default java.util.OptionalInt ownedPartitions() {
        return java.util.OptionalInt.empty();
    }

    /** Releases what the source holds; on the forwarder thread, after its last {@link #next}. */
    void close();

    /** The local journal from the cursor kept in {@code cursorFile} (read now). */
    static ForwardSource journal(org.homeward.gateway.journal.Journal journal, java.nio.file.Path cursorFile,
                                 String gatewayId, String sinkName) throws IOException {
        return new JournalSource(journal, new CursorFile(cursorFile), gatewayId, sinkName);
    }
}
