package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-stream ordering that puts every rule on measurement time. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OrderedStreamTest {
    private static final long HOUR = 3_600_000L;
    private static final BiConsumer<List<Long>, Sample> RECORD = (seen, x) -> seen.add(x.at());

    private static OrderedStream<List<Long>> stream() {
        return new OrderedStream<>(new ArrayList<>(), ArrayList::new);
    }

    private static Sample at(long t) {
        return new Sample(t, 1.0, t, false, false);
    }

    @Test
    void givenSamplesInAnyOrder_whenAdded_thenTheStateSawThemInMeasurementOrder() {
        OrderedStream<List<Long>> s = stream();
        List<Long> expected = new ArrayList<>();
        for (long t = 0; t < 500; t++) {
            expected.add(t * 1000);
        }
        List<Long> shuffled = new ArrayList<>(expected);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        for (long t : shuffled) {
            assertThat(s.add(at(t), "d", 3 * HOUR, RECORD).evaluated()).isTrue();
        }
        assertThat(s.state()).containsExactlyElementsOf(expected);
    }

    @Test
    void givenInOrderSamples_whenAdded_thenEachIsAppliedOnceWithoutReplay() {
        OrderedStream<List<Long>> s = stream();
        for (long t = 0; t < 300; t++) {
            assertThat(s.add(at(t * 1000), "d", 3 * HOUR, RECORD)).isEqualTo(OrderedStream.Outcome.IN_ORDER);
        }
        assertThat(s.state()).hasSize(300);
    }

    @Test
    void givenTheSameDeviceAndTime_whenAddedAgain_thenItIsADuplicateButAnotherDeviceIsNot() {
        OrderedStream<List<Long>> s = stream();
        s.add(at(5_000), "a", HOUR, RECORD);
        s.add(at(9_000), "a", HOUR, RECORD);
        assertThat(s.add(at(5_000), "a", HOUR, RECORD)).isEqualTo(OrderedStream.Outcome.DUPLICATE);
        assertThat(s.add(at(9_000), "a", HOUR, RECORD)).isEqualTo(OrderedStream.Outcome.DUPLICATE);
        assertThat(s.add(at(5_000), "b", HOUR, RECORD)).isEqualTo(OrderedStream.Outcome.LATE);
        assertThat(s.state()).containsExactly(5_000L, 5_000L, 9_000L);
    }

    @Test
    void givenASampleOlderThanTheHorizon_whenAdded_thenItIsHistoryOnly() {
        OrderedStream<List<Long>> s = stream();
        s.add(at(10 * HOUR), "a", 3 * HOUR, RECORD);
        assertThat(s.add(at(7 * HOUR - 1), "a", 3 * HOUR, RECORD)).isEqualTo(OrderedStream.Outcome.BEYOND_HORIZON);
        assertThat(s.add(at(7 * HOUR), "a", 3 * HOUR, RECORD)).isEqualTo(OrderedStream.Outcome.LATE);
        assertThat(s.state()).containsExactly(7 * HOUR, 10 * HOUR);
    }

    @Test
    void givenMoreSamplesThanKept_whenALateOneIsOlderThanTheOldestKept_thenItIsHistoryOnly() {
        OrderedStream<List<Long>> s = stream();
        for (long t = 1; t <= OrderedStream.MAX_SAMPLES + 200; t++) {
            s.add(at(t * 1000), "a", 3 * HOUR, RECORD);
        }
        assertThat(s.state()).hasSize(OrderedStream.MAX_SAMPLES + 200);
        assertThat(s.add(at(500), "a", 3 * HOUR, RECORD)).isEqualTo(OrderedStream.Outcome.BEYOND_HORIZON);
        assertThat(s.add(at(1_000L * (OrderedStream.MAX_SAMPLES + 100) + 500), "a", 3 * HOUR, RECORD))
                .isEqualTo(OrderedStream.Outcome.LATE);
        List<Long> seen = s.state();
        assertThat(seen).isSorted().hasSize(OrderedStream.MAX_SAMPLES + 201);
    }
}
