package org.homeward.gateway.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.homeward.gateway.domain.Quality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class VitalSeriesGrowthTest {
    @Test
    void aNewSeriesAllocatesLittleAndGrowsKeepingEveryPointInOrder() {
        VitalSeries s = new VitalSeries(300, 1_000);
        assertThat(s.allocated()).isEqualTo(VitalSeries.INITIAL_CAPACITY);
        for (int i = 0; i < 200; i++) {
            s.add(i * 1_000L, i, i % 7 == 0 ? Quality.LOW_CONFIDENCE : Quality.OK);
        }
        List<VitalSeries.Point> points = s.since(0);
        assertThat(s.allocated()).isEqualTo(256);
        assertThat(points).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(points.get(i)).isEqualTo(new VitalSeries.Point(i * 1_000L, i,
                    i % 7 == 0 ? Quality.LOW_CONFIDENCE : Quality.OK));
        }
    }

    @Test
    void growthStopsAtTheCapacityAndTheRingThenKeepsTheNewestPoints() {
        VitalSeries s = new VitalSeries(100, 1_000);
        for (int i = 0; i < 250; i++) {
            s.add(i * 1_000L, i, Quality.OK);
        }
        List<VitalSeries.Point> points = s.since(0);
        assertThat(s.allocated()).isEqualTo(100);
        assertThat(points).hasSize(100);
        assertThat(points.get(0).atMillis()).isEqualTo(150_000L);
        assertThat(points.get(99).atMillis()).isEqualTo(249_000L);
    }

    @Test
    void lateBackfillIsInsertedInOrderAcrossAGrowth() {
        VitalSeries s = new VitalSeries(1_000, 1_000);
        for (int i = 0; i < 64; i++) {
            s.add(i * 10_000L, i, Quality.OK); // fills the initial arrays exactly
        }
        s.add(5_000L, -1, Quality.OK); // late point between the first two: grows, then inserts
        List<VitalSeries.Point> points = s.since(0);
        assertThat(points).hasSize(65);
        assertThat(points.get(1)).isEqualTo(new VitalSeries.Point(5_000L, -1, Quality.OK));
        assertThat(points).extracting(VitalSeries.Point::atMillis).isSorted();
    }
}
