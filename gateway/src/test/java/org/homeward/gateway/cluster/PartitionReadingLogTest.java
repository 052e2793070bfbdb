package org.homeward.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.processing.ReadingLog;
import org.junit.jupiter.api.Test;

/** The in-memory tail of one owned partition, as the shards read it. */
class PartitionReadingLogTest {
    static final Reading R = new Reading("d-1", "p-1", Vital.TEMP, 37.0, 1, 1, Quality.OK, "Cel", false);

    @Test
    void replayMovesTheEndWithoutHoldingEntriesThenLiveEntriesAreReadAfterIt() {
        PartitionReadingLog log = new PartitionReadingLog();
        log.skipTo(41); // offsets 0..40 replayed
        assertThat(log.endPosition()).isEqualTo(41);
        assertThat(log.read(41, 10)).isEmpty();
        log.append(42, List.of(R));
        log.append(43, List.of()); // an alarm record: an entry without readings, so a reader moves past it
        log.append(44, List.of(R));
        assertThat(log.read(41, 2)).extracting(ReadingLog.Entry::position).containsExactly(42L, 43L);
        assertThat(log.read(43, 10)).extracting(ReadingLog.Entry::position).containsExactly(44L);
        assertThat(log.endPosition()).isEqualTo(44);
    }

    @Test
    void trimForgetsOnlyWhatEveryShardHasEvaluated() {
        PartitionReadingLog log = new PartitionReadingLog();
        for (long p = 1; p <= 5; p++) {
            log.append(p, List.of(R));
        }
        log.trim(3);
        assertThat(log.held()).isEqualTo(2);
        assertThat(log.read(0, 10)).extracting(ReadingLog.Entry::position).containsExactly(4L, 5L);
    }
}
