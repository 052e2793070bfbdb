package org.homeward.gateway.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of {@link SegmentedJournal}. Immutable; every value is checked when the record is built,
 * so a bad value stops the gateway at start-up instead of being replaced by a default.
 *
 * @param dir           directory holding the segment files (created if missing)
 * @param segmentBytes  a segment is closed and a new one started once it reaches this size
 *                      (default 64 MiB; at least 4 KiB)
 * @param queueCapacity appends waiting for the writer thread; beyond it appends fail with
 *                      {@link JournalException.Kind#OVERLOADED} (default 65,536)
 * @param maxBytes      disk-usage limit; at or over it appends fail with
 *                      {@link JournalException.Kind#FULL}; 0 means unlimited (default 0)
 * @param warnFraction  {@link SegmentedJournal#nearFull()} turns true above this fraction of
 *                      {@code maxBytes} (default 0.9; in (0, 1])
 * @param fsync         fsync each group commit before completing it (default true). {@code false}
 *                      loses acknowledged entries on power loss or kernel crash and exists for
 *                      benchmarks only; never set it in production
 */
public record JournalSettings(Path dir, long segmentBytes, int queueCapacity, long maxBytes, double warnFraction,
                              boolean fsync) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    public static final double DEFAULT_WARN_FRACTION = 0.9;
    static final long MIN_SEGMENT_BYTES = 4096;

    public JournalSettings {
        Objects.requireNonNull(dir, "dir");
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("journal segmentBytes must be in [" + MIN_SEGMENT_BYTES + ", "
                    + Integer.MAX_VALUE + "], was " + segmentBytes);
        }
        if (queueCapacity < 1 || queueCapacity > 16_777_216) {
            throw new IllegalArgumentException("journal queueCapacity must be in [1, 16777216], was " + queueCapacity);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("journal maxBytes must be >= 0 (0 = unlimited), was " + maxBytes);
        }
        if (!(warnFraction > 0 && warnFraction <= 1)) {
            throw new IllegalArgumentException("journal warnFraction must be in (0, 1], was " + warnFraction);
        }
    }

    /** The production defaults for a journal in {@code dir}: 64 MiB segments, 65,536 queue, no limit, fsync on. */
    public static JournalSettings defaults(Path dir) {
        return new JournalSettings(dir, DEFAULT_SEGMENT_BYTES, DEFAULT_QUEUE_CAPACITY, 0, DEFAULT_WARN_FRACTION, true);
    }

    public JournalSettings withSegmentBytes(long bytes) {
        return new JournalSettings(dir, bytes, queueCapacity, maxBytes, warnFraction, fsync);
    }

    public JournalSettings withQueueCapacity(int capacity) {
        return new JournalSettings(dir, segmentBytes, capacity, maxBytes, warnFraction, fsync);
    }

    public JournalSettings withMaxBytes(long bytes) {
        return new JournalSettings(dir, segmentBytes, queueCapacity, bytes, warnFraction, fsync);
    }

    public JournalSettings withWarnFraction(double fraction) {
        return new JournalSettings(dir, segmentBytes, queueCapacity, maxBytes, fraction, fsync);
    }

    public JournalSettings withFsync(boolean on) {
        return new JournalSettings(dir, segmentBytes, queueCapacity, maxBytes, warnFraction, on);
    }
}
