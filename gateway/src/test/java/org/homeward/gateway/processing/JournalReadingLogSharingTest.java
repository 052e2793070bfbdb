package org.homeward.gateway.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.InMemoryJournal;
import org.homeward.gateway.metrics.Meters;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The race a group commit makes: the first hint of a group wakes a shard while the journal already
 * shows the whole group, so the shard reads the rest from the journal before their hints arrive. Each
 * such entry is then decoded once for every shard, not once per shard, and the counter says so.
 */
@Timeout(10)
class JournalReadingLogSharingTest {
    final InMemoryJournal journal = new InMemoryJournal();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final JournalReadingLog log = new JournalReadingLog(journal, meters);
    final List<List<Reading>> packs = new ArrayList<>();

    long append(int i) {
        List<Reading> pack = List.of(new Reading("d-" + i, "p-" + i, Vital.HR, 60 + i, i, i, Quality.OK, "/min", false));
        packs.add(pack);
        return journal.append(JournalRecords.readings(pack)).join();
    }

    double reads(String source) {
        return meters.counter(Meters.PROCESSING_LOG_READS, "source", source).count();
    }

    @Test
    void givenAGroupWhoseLaterHintsHaveNotArrivedThenTheSecondShardTakesWhatTheFirstDecoded() throws Exception {
        long first = append(0);
        for (int i = 1; i < 10; i++) {
            append(i);
        }
        log.durable(first, packs.get(0)); // only the group's first hint so far

        List<ReadingLog.Entry> shardA = log.read(0, 100);
        List<ReadingLog.Entry> shardB = log.read(0, 100);

        assertThat(shardA).extracting(ReadingLog.Entry::readings).containsExactlyElementsOf(packs);
        assertThat(shardB).isEqualTo(shardA);
        for (int i = 1; i < 10; i++) {
            assertThat(shardB.get(i).readings()).as("decoded once, shared").isSameAs(shardA.get(i).readings());
        }
        assertThat(reads("journal")).isEqualTo(9);
        assertThat(reads("ring")).isEqualTo(1 + 10);
    }

    @Test
    void givenTheLateHintsArriveThenTheEntriesStayTheSame() throws Exception {
        for (int i = 0; i < 3; i++) {
            append(i);
        }
        List<ReadingLog.Entry> before = log.read(0, 10);
        for (int i = 0; i < 3; i++) {
            log.durable(i + 1, packs.get(i));
        }
        assertThat(log.read(0, 10)).isEqualTo(before);
        assertThat(log.read(0, 10).get(0).readings()).isSameAs(packs.get(0));
    }
}
