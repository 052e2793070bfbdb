package org.homeward.gateway.processing;

import java.io.IOException;
import java.util.List;
import org.homeward.gateway.domain.Reading;

/**
 * The durable, ordered log that patient processing consumes by its own position, as a forwarder
 * consumes the journal: the local journal on one gateway ({@link JournalReadingLog}); a Kafka
 * partition could implement the same seam. Because every shard reads what was made durable instead
 * of taking a hand-off, a reading that was acknowledged is evaluated (late under overload, never
 * skipped).
 *
 * <p>Positions rise strictly in log order; 0 is "before the first entry". Every entry has a position,
 * also one that holds no reading (an alarm change, a manual entry), so a reader can move past it.
 *
 * <p>Threading: {@link #read}, {@link #endPosition} and {@link #commit} may be called from several
 * shard threads at once. {@link #read} never waits for new entries; it may block briefly on a disk
 * read. It fails with {@link IOException} when the log cannot be read (the caller retries).
 */
public interface ReadingLog {

    /** One log entry: its position and the readings it holds (empty when it holds none). */
    record Entry(long position, List<Reading> readings) {
    }

    /**
     * Up to {@code max} entries after {@code afterPosition}, in log order; empty when there is none.
     * An entry that cannot be decoded comes back with no readings (and is counted by the log).
     */
    List<Entry> read(long afterPosition, int max) throws IOException;

    /** The position of the newest durable entry; 0 when the log is empty. */
    long endPosition();

    /**
     * The entry at {@code position} is durable and holds these readings (the ingest side has them
     * decoded already). A hint only: a log may keep recent entries in memory to save a read and a
     * decode; {@link #read} must return the same entries with or without it. Non-blocking, any thread.
     */
    default void durable(long position, List<Reading> readings) {
    }

    /**
     * Processing has evaluated everything up to {@code position}. The log may persist it lazily or
     * not at all (the local journal does not: start-up replay rebuilds state from the log).
     */
    default void commit(long position) {
    }
}
