package org.homeward.gateway.journal;

import java.util.Arrays;

/**
 * Sequence to file offset of every frame that starts at least {@link #INTERVAL} bytes after the
 * previously indexed one, so a read seeks close to its start instead of scanning the segment
 * (a 64 MiB segment needs about 4,096 entries, 64 KiB of heap). Written by the writer thread
 * or recovery, read by any reader; guarded by its monitor.
 */
final class SparseIndex {
    static final int INTERVAL = 16 * 1024;

    private long[] sequences = new long[64];
    private long[] offsets = new long[64];
    private int size;

    /** Records a frame; ignored unless it is far enough from the last indexed one. Sequences must rise. */
    synchronized void offer(long sequence, long offset) {
        if (size > 0 && offset - offsets[size - 1] < INTERVAL) {
            return;
        }
        if (size == sequences.length) {
            sequences = Arrays.copyOf(sequences, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        sequences[size] = sequence;
        offsets[size] = offset;
        size++;
    }

    /** Offset of the last indexed frame whose sequence is at or below {@code sequence}; 0 if none. */
    synchronized long floorOffset(long sequence) {
        int i = Arrays.binarySearch(sequences, 0, size, sequence);
        if (i >= 0) {
            return offsets[i];
        }
        int insertion = -i - 1;
        return insertion == 0 ? 0 : offsets[insertion - 1];
    }
}
