package org.homeward.gateway.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * The newest value of one stream by measurement time, whatever order values arrive in, where a value
 * stamped in the future never hides the real latest: {@link #latest(long)} is the newest value measured
 * no later than the clock plus {@link #FUTURE_TOLERANCE_MILLIS}. A future-stamped value (a device clock
 * running ahead, inside the allowed skew) waits until the clock reaches its time. Keeps the latest
 * eligible value, the one before it, and at most {@link #MAX_AHEAD} future ones (the farthest are
 * dropped first). Not thread-safe: one owner thread.
 *
 * @param <T> the value kept per measurement time (a later value at the same time replaces the earlier)
 */
public final class LatestByTime<T> {
    /** A value measured up to this long after the clock already counts as "now" (ordinary clock drift). */
    public static final long FUTURE_TOLERANCE_MILLIS = 30_000;
    static final int MAX_AHEAD = 64;
    private final TreeMap<Long, T> values = new TreeMap<>();

    /** Adds a value measured at {@code at}, received when the clock read {@code clock}. */
    public void offer(T value, long at, long clock) {
        values.put(at, value);
        prune(clock);
    }

    /** The newest value measured no later than {@code clock} + tolerance, or null. */
    public T latest(long clock) {
        prune(clock);
        Map.Entry<Long, T> e = values.floorEntry(clock + FUTURE_TOLERANCE_MILLIS);
        return e == null ? null : e.getValue();
    }

    /** The value measured just before {@link #latest(long)}, or null. */
    public T beforeLatest(long clock) {
        Map.Entry<Long, T> e = values.floorEntry(clock + FUTURE_TOLERANCE_MILLIS);
        Map.Entry<Long, T> before = e == null ? null : values.lowerEntry(e.getKey());
        return before == null ? null : before.getValue();
    }

    private void prune(long clock) {
        Long latest = values.floorKey(clock + FUTURE_TOLERANCE_MILLIS);
        Long before = latest == null ? null : values.lowerKey(latest);
        if (before != null) {
            values.headMap(before, false).clear();
        }
        int ahead = values.size() - (latest == null ? 0 : before == null ? 1 : 2);
        for (; ahead > MAX_AHEAD; ahead--) {
            values.pollLastEntry();
        }
    }
}
