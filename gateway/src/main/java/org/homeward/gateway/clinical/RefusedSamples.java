package org.homeward.gateway.clinical;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A device's refused records within the SENSOR-FAULT window, counted as distinct samples: a record the
 * device retransmits (same name, time and value) counts once however often it arrives. Bounded; shard
 * thread only.
 *
 * <p>Kept small and incremental (issue 14). A device that sends a refused record in every pack (an unknown
 * name, a misconfigured unit) keeps the window full and SENSOR-FAULT is evaluated at each of its packs:
 * rebuilding the distinct set from the whole window per pack cost ~70 % of the shard's CPU at 10,000
 * devices × 1 pack/s, and holding every refusal with its strings (five objects each, up to
 * {@link #MAX_KEPT} per device for ten minutes) made the young collections long. So the distinct count is
 * kept as arrivals per sample, a sample is held as a 64-bit hash of its identity (two different samples
 * with the same hash, about 1 in 10^19 per pair, would count once), names are shared, and only
 * the newest refusal's detail is kept (the one the text names; should the device's clock run backwards and
 * that refusal leave the window by the {@link #MAX_KEPT} bound before older ones, the text still names it).
 */
final class RefusedSamples {
    /** Bounds memory under a flood of garbage; far above any sensible fault count. */
    static final int MAX_KEPT = 1_000;
    /**
     * Record names shared by all devices (the vitals' names are constants already; this shares the others,
     * e.g. a {@code seq} every pack carries) so a full window does not hold a copy per refusal. One map for
     * all devices stays in cache where a map per device did not. Bounded: names beyond it are not shared.
     */
    private static final int MAX_NAMES = 1_024;
    private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

    /** One refused record: {@code what} is the vital or record name, {@code reason} the refusal tag. */
    record Refusal(long at, String sample, String what, String reason, String detail) {
    }

    /** What the window holds per refusal. */
    private record Held(long at, long sample, String what, String reason) {
    }

    private final Deque<Held> window = new ArrayDeque<>();
    /** Arrivals in {@link #window} per sample; its size is the distinct count. */
    private final LongCounts arrivals = new LongCounts();
    /** Neighbours in the window where the later arrival has the earlier time (0: in arrival order). */
    private int inversions;
    private long latestAt = Long.MIN_VALUE;
    private String latestDetail = "";

    void add(Refusal r) {
        Held last = window.peekLast();
        if (last != null && r.at() < last.at()) {
            inversions++;
        }
        Held h = new Held(r.at(), hash(r.sample()), shared(r.what()), r.reason());
        window.addLast(h);
        arrivals.increment(h.sample());
        if (r.at() >= latestAt) {
            latestAt = r.at();
            latestDetail = r.detail();
        }
        if (window.size() > MAX_KEPT) {
            drop();
        }
    }

    private static String shared(String what) {
        String s = NAMES.get(what);
        if (s == null && NAMES.size() < MAX_NAMES) {
            s = NAMES.putIfAbsent(what, what);
        }
        return s != null ? s : what;
    }

    private void drop() {
        Held first = window.removeFirst();
        arrivals.decrement(first.sample());
        Held next = window.peekFirst();
        if (next != null && next.at() < first.at()) {
            inversions--;
        }
        if (window.isEmpty()) {
            latestAt = Long.MIN_VALUE;
            latestDetail = "";
        }
    }

    /** Adds when each held refusal leaves the window (SENSOR-FAULT may clear then). */
    void dueTimes(long windowMillis, DueTimes d) {
        for (Held r : window) {
            d.elapsed(r.at(), windowMillis);
            // in arrival order the first refusal still ahead of the last tick gives the earliest edge
            if (inversions == 0 && r.at() + windowMillis >= d.after()) {
                return;
            }
        }
    }

    /** Forgets refusals received more than {@code windowMillis} before {@code now}. */
    void expire(long now, long windowMillis) {
        while (!window.isEmpty() && now - window.peekFirst().at() > windowMillis) {
            drop();
        }
    }

    /** Distinct samples in the window (the newest arrival of a retransmitted one stands for it). */
    int distinct() {
        return arrivals.size();
    }

    /** E.g. "3 distinct refused samples within 10.0 min: temp implausible value × 3; latest: temp 52.0 Cel outside…". */
    String describe(String within) {
        Map<Long, Held> samples = new LinkedHashMap<>();
        for (Held r : window) {
            samples.remove(r.sample());
            samples.put(r.sample(), r);
        }
        Map<String, Integer> byCause = new TreeMap<>();
        for (Held r : samples.values()) {
            byCause.merge(r.what() + " " + r.reason().replace('_', ' ').toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder().append(samples.size()).append(" distinct refused samples within ")
                .append(within).append(": ");
        String sep = "";
        for (Map.Entry<String, Integer> e : byCause.entrySet()) {
            sb.append(sep).append(e.getKey()).append(" × ").append(e.getValue());
            sep = ", ";
        }
        if (!samples.isEmpty() && !latestDetail.isEmpty()) {
            sb.append("; latest: ").append(latestDetail);
        }
        return sb.toString();
    }

    /** 64-bit FNV-1a over the sample identity's characters, then a final mix. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    /** Counts per long key, open addressing with linear probing; no object per key. */
    static final class LongCounts {
        private long[] keys = new long[8];
        private int[] counts = new int[8];
        private int size;

        int size() {
            return size;
        }

        void increment(long key) {
            int i = slot(key);
            if (counts[i] == 0) {
                keys[i] = key;
                size++;
                if (size * 2 > keys.length) {
                    counts[i] = 1;
                    grow();
                    return;
                }
            }
            counts[i]++;
        }

        void decrement(long key) {
            int i = slot(key);
            if (counts[i] == 0) {
                throw new IllegalStateException("no count for key");
            }
            if (--counts[i] > 0) {
                return;
            }
            size--;
            // backward-shift deletion: move later entries of the probe run into the hole
            int mask = keys.length - 1;
            int hole = i;
            for (int j = (i + 1) & mask; counts[j] != 0; j = (j + 1) & mask) {
                int home = home(keys[j], mask);
                if (((j - home) & mask) >= ((j - hole) & mask)) {
                    keys[hole] = keys[j];
                    counts[hole] = counts[j];
                    counts[j] = 0;
                    hole = j;
                }
            }
            if (size == 0 && keys.length > 8) {
                keys = new long[8];
                counts = new int[8];
            }
        }

        private int slot(long key) {
            int mask = keys.length - 1;
            int i = home(key, mask);
            while (counts[i] != 0 && keys[i] != key) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private static int home(long key, int mask) {
            return (int) (key ^ (key >>> 32)) & mask;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldCounts = counts;
            keys = new long[oldKeys.length * 2];
            counts = new int[oldKeys.length * 2];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldCounts[i] != 0) {
                    int j = slot(oldKeys[i]);
                    keys[j] = oldKeys[i];
                    counts[j] = oldCounts[i];
                }
            }
        }
    }
}
