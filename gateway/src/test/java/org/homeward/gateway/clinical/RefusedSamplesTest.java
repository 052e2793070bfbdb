package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The distinct count and the due times are kept incrementally (issue 14); this checks them against the
 * obvious computation over the whole window after every step of random sequences: retransmissions, the
 * {@link RefusedSamples#MAX_KEPT} bound, expiry, and refusals arriving out of order.
 */
class RefusedSamplesTest {
    private static final long WINDOW = 600_000;

    /** The definition: the window's refusals, distinct by sample. */
    private static final class Reference {
        final Deque<RefusedSamples.Refusal> window = new ArrayDeque<>();

        void add(RefusedSamples.Refusal r) {
            window.addLast(r);
            if (window.size() > RefusedSamples.MAX_KEPT) {
                window.removeFirst();
            }
        }

        void expire(long now) {
            while (!window.isEmpty() && now - window.peekFirst().at() > WINDOW) {
                window.removeFirst();
            }
        }

        int distinct() {
            Set<String> s = new HashSet<>();
            window.forEach(r -> s.add(r.sample()));
            return s.size();
        }

        /** The text as it was computed from every held refusal before the window was made compact. */
        String describe(String within) {
            Map<String, RefusedSamples.Refusal> samples = new LinkedHashMap<>();
            for (RefusedSamples.Refusal r : window) {
                samples.remove(r.sample());
                samples.put(r.sample(), r);
            }
            Map<String, Integer> byCause = new TreeMap<>();
            RefusedSamples.Refusal latest = null;
            for (RefusedSamples.Refusal r : samples.values()) {
                byCause.merge(r.what() + " " + r.reason().replace('_', ' ').toLowerCase(Locale.ROOT), 1, Integer::sum);
                latest = latest == null || r.at() >= latest.at() ? r : latest;
            }
            StringBuilder sb = new StringBuilder().append(samples.size()).append(" distinct refused samples within ")
                    .append(within).append(": ");
            String sep = "";
            for (Map.Entry<String, Integer> e : byCause.entrySet()) {
                sb.append(sep).append(e.getKey()).append(" × ").append(e.getValue());
                sep = ", ";
            }
            if (latest != null && !latest.detail().isEmpty()) {
                sb.append("; latest: ").append(latest.detail());
            }
            return sb.toString();
        }

        long due(long after) {
            DueTimes d = new DueTimes(after);
            window.forEach(r -> d.elapsed(r.at(), WINDOW));
            return d.earliest();
        }
    }

    @Test
    void givenRandomRefusalsThenDistinctAndDueTimesMatchTheWholeWindowComputation() {
        for (long seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            RefusedSamples kept = new RefusedSamples();
            Reference ref = new Reference();
            long now = 1_800_000_000_000L;
            boolean backwards = seed % 4 == 0; // some runs with refusals arriving out of order
            int samples = seed % 2 == 0 ? 5 : 5_000; // few distinct (retransmissions) or many (over MAX_KEPT)
            for (int step = 0; step < 4_000; step++) {
                now += rnd.nextInt(2_000);
                long at = backwards && rnd.nextInt(10) == 0 ? now - rnd.nextInt(60_000) : now;
                int sample = rnd.nextInt(samples);
                String what = sample % 3 == 0 ? "temp" : sample % 3 == 1 ? "seq" : "x" + rnd.nextInt(50);
                String reason = sample % 2 == 0 ? "implausible_value" : "unknown_name";
                RefusedSamples.Refusal r = new RefusedSamples.Refusal(at, "s" + sample, what, reason,
                        rnd.nextInt(5) == 0 ? "" : what + " " + step);
                kept.add(r);
                ref.add(r);
                if (rnd.nextInt(3) == 0) {
                    long later = now + rnd.nextInt((int) WINDOW);
                    kept.expire(later, WINDOW);
                    ref.expire(later);
                }
                assertThat(kept.distinct()).as("seed %d step %d", seed, step).isEqualTo(ref.distinct());
                long after = now - rnd.nextInt((int) (2 * WINDOW));
                DueTimes d = new DueTimes(after);
                kept.dueTimes(WINDOW, d);
                assertThat(d.earliest()).as("due, seed %d step %d", seed, step).isEqualTo(ref.due(after));
                if (!backwards && step % 7 == 0) { // "latest" is the newest by time: the same only in arrival order
                    assertThat(kept.describe("10.0 min")).as("text, seed %d step %d", seed, step)
                            .isEqualTo(ref.describe("10.0 min"));
                }
            }
        }
    }

    @Test
    void givenRandomIncrementsAndDecrementsThenLongCountsMatchesAHashMap() {
        Random rnd = new Random(7);
        RefusedSamples.LongCounts counts = new RefusedSamples.LongCounts();
        Map<Long, Integer> ref = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            long key = rnd.nextInt(3) == 0 ? rnd.nextInt(64) * (1L << 40) : rnd.nextInt(3_000); // colliding homes too
            if (rnd.nextBoolean() || !ref.containsKey(key)) {
                counts.increment(key);
                ref.merge(key, 1, Integer::sum);
            } else {
                counts.decrement(key);
                ref.computeIfPresent(key, (k, v) -> v == 1 ? null : v - 1);
            }
            assertThat(counts.size()).as("step %d", step).isEqualTo(ref.size());
        }
        // every key still counted exactly: decrement each to zero
        for (Map.Entry<Long, Integer> e : ref.entrySet()) {
            for (int i = 0; i < e.getValue(); i++) {
                counts.decrement(e.getKey());
            }
        }
        assertThat(counts.size()).isZero();
    }

    @Test
    void givenTheSameSampleTextThenTheSameHashAndDifferentTextsDiffer() {
        assertThat(RefusedSamples.hash("temp@1795420000.0=52.0")).isEqualTo(RefusedSamples.hash("temp@1795420000.0=52.0"));
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(RefusedSamples.hash("seq@1795420000." + i + "=" + i))).isTrue();
        }
    }
}
