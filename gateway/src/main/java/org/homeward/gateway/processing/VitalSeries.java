package org.homeward.gateway.processing;

import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.Quality;

/**
 * Trend history of one vital of one patient in primitive ring arrays (13 bytes a point), thinned
 * to at most one point per {@code minSpacingMillis} so 72 h of a 1 Hz oximeter fits in a few KB.
 * Written by the owning shard thread, read by HTTP threads: methods are synchronized (short).
 * The arrays start at {@link #INITIAL_CAPACITY} points and double up to the capacity as history
 * accumulates: a fresh gateway with 10,000 patients would otherwise allocate 56 KB per vital at a
 * patient's first reading (2 GB at once, promoted by the GC in one burst).
 */
final class VitalSeries {
    static final int INITIAL_CAPACITY = 64;
    private final int capacity;
    private long[] times;
    private float[] values;
    private boolean[] lowConfidence;
    private final long minSpacingMillis;
    private int start;
    private int size;

    VitalSeries(int capacity, long minSpacingMillis) {
        this.capacity = capacity;
        int initial = Math.min(capacity, INITIAL_CAPACITY);
        this.times = new long[initial];
        this.values = new float[initial];
        this.lowConfidence = new boolean[initial];
        this.minSpacingMillis = minSpacingMillis;
    }

    /** Points the arrays hold now (grows up to the capacity). */
    synchronized int allocated() {
        return times.length;
    }

    /** Doubles the arrays (up to the capacity) when they are full, unrolling the ring oldest first. */
    private void growIfFull() {
        if (size < times.length || times.length >= capacity) {
            return;
        }
        int n = (int) Math.min(capacity, 2L * times.length);
        long[] t = new long[n];
        float[] v = new float[n];
        boolean[] q = new boolean[n];
        for (int i = 0; i < size; i++) {
            int idx = (start + i) % times.length;
            t[i] = times[idx];
            v[i] = values[idx];
            q[i] = lowConfidence[idx];
        }
        times = t;
        values = v;
        lowConfidence = q;
        start = 0;
    }

    /** A point measured at or before the newest one kept is dropped unless spacing allows; late points are kept in order. */
    synchronized void add(long atMillis, double value, Quality quality) {
        if (size > 0) {
            long newest = times[(start + size - 1) % times.length];
            if (atMillis >= newest && atMillis - newest < minSpacingMillis) {
                return;
            }
            if (atMillis < newest) {
                // late backfill: keep it only if it is not too close to a neighbour; insert in order
                insertInOrder(atMillis, value, quality);
                return;
            }
        }
        append(atMillis, value, quality);
    }

    private void append(long atMillis, double value, Quality quality) {
        growIfFull();
        int idx;
        if (size < times.length) {
            idx = (start + size) % times.length;
            size++;
        } else {
            idx = start;
            start = (start + 1) % times.length;
        }
        times[idx] = atMillis;
        values[idx] = (float) value;
        lowConfidence[idx] = quality == Quality.LOW_CONFIDENCE;
    }

    private void insertInOrder(long atMillis, double value, Quality quality) {
        growIfFull();
        if (size == times.length) {
            return; // a full ring keeps its newest points; late backfill is in the journal
        }
        int pos = size;
        while (pos > 0 && times[(start + pos - 1) % times.length] > atMillis) {
            pos--;
        }
        long prev = pos > 0 ? times[(start + pos - 1) % times.length] : Long.MIN_VALUE / 2;
        if (atMillis - prev < minSpacingMillis) {
            return;
        }
        append(0, 0, Quality.OK);
        for (int i = size - 1; i > pos; i--) {
            int to = (start + i) % times.length;
            int from = (start + i - 1) % times.length;
            times[to] = times[from];
            values[to] = values[from];
            lowConfidence[to] = lowConfidence[from];
        }
        int idx = (start + pos) % times.length;
        times[idx] = atMillis;
        values[idx] = (float) value;
        lowConfidence[idx] = quality == Quality.LOW_CONFIDENCE;
    }

    /** Points at or after {@code since}, oldest first. */
    synchronized List<Point> since(long since) {
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int idx = (start + i) % times.length;
            if (times[idx] >= since) {
                out.add(new Point(times[idx], values[idx], lowConfidence[idx] ? Quality.LOW_CONFIDENCE : Quality.OK));
            }
        }
        return out;
    }

    /** One trend point. */
    record Point(long atMillis, double value, Quality quality) {
    }
}
