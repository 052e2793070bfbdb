package org.homeward.gateway.domain;

import java.util.Arrays;

/**
 * The newest value of one stream by measurement time, whatever order values arrive in, where a value
 * stamped in the future never hides the real latest: {@link #latest(long)} is the newest value measured
 * no later than the clock plus {@link #FUTURE_TOLERANCE_MILLIS}. A future-stamped value (a device clock
 * running ahead, inside the allowed skew) waits until the clock reaches its time. Keeps the latest
 * eligible value, the one before it, and at most {@link #MAX_AHEAD} future ones (the farthest are
 * dropped first). Not thread-safe: one owner thread.
 *
 * <p>Kept as two sorted arrays (times, values) instead of a {@code TreeMap<Long, T>}: every reading
 * of every patient goes through two of these (state and NEWS2), and the map boxed each time and built
 * a head-map view per offer, a quarter of the shard's allocation per pack (ShardPathBenchmark, docs/benchmarks.md).
 * The arrays hold 2 entries in the ordinary in-order case and at most {@link #MAX_AHEAD} + 3.
 *
 * @param <T> the value kept per measurement time (a later value at the same time replaces the earlier)
 */
public final class LatestByTime<T> {
    /** A value measured up to this long after the clock already counts as "now" (ordinary clock drift). */
    public static final long FUTURE_TOLERANCE_MILLIS = 30_000;
    static final int MAX_AHEAD = 64;
    /** Measurement times, strictly ascending, in {@code [0, size)}; {@code values[i]} was measured at {@code times[i]}. */
    private long[] times = new long[4];
    private Object[] values = new Object[4];
    private int size;

    /** Adds a value measured at {@code at}, received when the clock read {@code clock}. */
    public void offer(T value, long at, long clock) {
        int i = Arrays.binarySearch(times, 0, size, at);
        if (i >= 0) {
            values[i] = value;
        } else {
            insert(-(i + 1), at, value);
        }
        prune(clock);
    }

    /** The newest value measured no later than {@code clock} + tolerance, or null. */
    public T latest(long clock) {
        prune(clock);
        return valueAt(floor(clock + FUTURE_TOLERANCE_MILLIS));
    }

    /** How many measurement times are held (for a timer: each may become visible or stale later). */
    public int size() {
        return size;
    }

    /** The {@code i}-th held measurement time, oldest first. */
    public long timeAt(int i) {
        return times[i];
    }

    /** The value measured just before {@link #latest(long)}, or null. */
    public T beforeLatest(long clock) {
        int latest = floor(clock + FUTURE_TOLERANCE_MILLIS);
        return latest <= 0 ? null : valueAt(latest - 1);
    }

    @SuppressWarnings("unchecked")
    private T valueAt(int i) {
        return i < 0 ? null : (T) values[i];
    }

    /** Index of the newest time at or before {@code key}; -1 when none. */
    private int floor(long key) {
        int i = Arrays.binarySearch(times, 0, size, key);
        return i >= 0 ? i : -(i + 1) - 1;
    }

    private void insert(int at, long time, Object value) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        System.arraycopy(times, at, times, at + 1, size - at);
        System.arraycopy(values, at, values, at + 1, size - at);
        times[at] = time;
        values[at] = value;
        size++;
    }

    /** Keeps the latest eligible value, the one before it, and at most {@link #MAX_AHEAD} newer ones. */
    private void prune(long clock) {
        int latest = floor(clock + FUTURE_TOLERANCE_MILLIS);
        int drop = latest - 1; // everything older than the one before the latest
        if (drop > 0) {
            System.arraycopy(times, drop, times, 0, size - drop);
            System.arraycopy(values, drop, values, 0, size - drop);
            Arrays.fill(values, size - drop, size, null);
            size -= drop;
            latest = 1;
        }
        int ahead = size - (latest < 0 ? 0 : latest == 0 ? 1 : 2);
        for (; ahead > MAX_AHEAD; ahead--) {
            values[--size] = null;
        }
    }
}
