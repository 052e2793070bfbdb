package org.homeward.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LatestByTime} answers as the {@code TreeMap} it replaced ({@link MapModel}, its former code) for
 * every sequence of offers and queries: in order, out of order, duplicate times, future-stamped bursts.
 */
@Timeout(30)
class LatestByTimeTest {
    static final long T0 = 1_800_000_000_000L;

    @Test
    void inOrderValuesGiveTheNewestAndTheOneBefore() {
        LatestByTime<String> l = new LatestByTime<>();
        l.offer("a", T0, T0);
        l.offer("b", T0 + 1_000, T0 + 1_000);
        l.offer("c", T0 + 2_000, T0 + 2_000);
        assertThat(l.latest(T0 + 2_000)).isEqualTo("c");
        assertThat(l.beforeLatest(T0 + 2_000)).isEqualTo("b");
    }

    @Test
    void aValueBeyondTheToleranceWaitsUntilTheClockReachesIt() {
        LatestByTime<String> l = new LatestByTime<>();
        l.offer("now", T0, T0);
        l.offer("future", T0 + LatestByTime.FUTURE_TOLERANCE_MILLIS + 1, T0);
        assertThat(l.latest(T0)).isEqualTo("now");
        assertThat(l.latest(T0 + 1)).isEqualTo("future");
        assertThat(l.beforeLatest(T0 + 1)).isEqualTo("now");
    }

    @Test
    void aBurstOfFutureValuesKeepsOnlyTheNearestAsTheTreeMapDid() {
        LatestByTime<Integer> fast = new LatestByTime<>();
        MapModel<Integer> model = new MapModel<>();
        fast.offer(-1, T0, T0);
        model.offer(-1, T0, T0);
        for (int i = 0; i < 3 * LatestByTime.MAX_AHEAD; i++) {
            long at = T0 + 60_000 + (i * 7_919L % 200) * 1_000; // beyond the tolerance, out of order
            fast.offer(i, at, T0);
            model.offer(i, at, T0);
        }
        for (long clock = T0; clock < T0 + 300_000; clock += 500) {
            assertThat(fast.beforeLatest(clock)).as("before at %d", clock).isEqualTo(model.beforeLatest(clock));
            assertThat(fast.latest(clock)).as("at %d", clock).isEqualTo(model.latest(clock));
        }
    }

    @Test
    void randomSequencesAnswerAsTheTreeMapDid() {
        Random random = new Random(14);
        for (int run = 0; run < 2_000; run++) {
            LatestByTime<Integer> fast = new LatestByTime<>();
            MapModel<Integer> model = new MapModel<>();
            long clock = T0;
            for (int op = 0; op < 200; op++) {
                clock += random.nextInt(3) * 500L;
                long skew = switch (random.nextInt(4)) {
                    case 0 -> -random.nextInt(10_000);                  // late
                    case 1 -> random.nextInt(120_000);                  // ahead, often beyond the tolerance
                    default -> random.nextInt(3) * 1_000L - 1_000;      // about now, duplicate times
                };
                long at = clock + skew;
                int value = random.nextInt();
                if (random.nextInt(5) > 0) {
                    fast.offer(value, at, clock);
                    model.offer(value, at, clock);
                }
                long query = clock + random.nextInt(3) * 20_000L;
                assertThat(fast.beforeLatest(query)).as("run %d op %d before", run, op)
                        .isEqualTo(model.beforeLatest(query));
                assertThat(fast.latest(query)).as("run %d op %d", run, op).isEqualTo(model.latest(query));
            }
        }
    }

    /** The former implementation, verbatim: the reference the arrays must match. */
    static final class MapModel<T> {
        private final TreeMap<Long, T> values = new TreeMap<>();

        void offer(T value, long at, long clock) {
            values.put(at, value);
            prune(clock);
        }

        T latest(long clock) {
            prune(clock);
            Map.Entry<Long, T> e = values.floorEntry(clock + LatestByTime.FUTURE_TOLERANCE_MILLIS);
            return e == null ? null : e.getValue();
        }

        T beforeLatest(long clock) {
            Map.Entry<Long, T> e = values.floorEntry(clock + LatestByTime.FUTURE_TOLERANCE_MILLIS);
            Map.Entry<Long, T> before = e == null ? null : values.lowerEntry(e.getKey());
            return before == null ? null : before.getValue();
        }

        private void prune(long clock) {
            Long latest = values.floorKey(clock + LatestByTime.FUTURE_TOLERANCE_MILLIS);
            Long before = latest == null ? null : values.lowerKey(latest);
            if (before != null) {
                values.headMap(before, false).clear();
            }
            int ahead = values.size() - (latest == null ? 0 : before == null ? 1 : 2);
            for (; ahead > LatestByTime.MAX_AHEAD; ahead--) {
                values.pollLastEntry();
            }
        }
    }
}
