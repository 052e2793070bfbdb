package org.homeward.gateway.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.InMemoryJournal;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The journal as the processing log: the ring of hinted entries is a cache, never a different answer. */
@Timeout(10)
class JournalReadingLogTest {
    final InMemoryJournal journal = new InMemoryJournal();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final JournalReadingLog hinted = new JournalReadingLog(journal, meters);
    final JournalReadingLog plain = new JournalReadingLog(journal, meters);
    final List<List<Reading>> packs = new ArrayList<>();

    long append(int i, boolean hint) {
        List<Reading> pack = List.of(new Reading("d-1", "p-" + i % 3, Vital.HR, 60 + i, i, i, Quality.OK, "/min",
                false));
        long seq = journal.append(JournalRecords.readings(pack)).join();
        packs.add(pack);
        if (hint) {
            hinted.durable(seq, pack);
        }
        return seq;
    }

    @Test
    void givenSomePositionsHintedAndSomeNotThenReadReturnsTheSameEntriesAsTheJournalAloneInLogOrder() throws Exception {
        append(0, true);
        append(1, false);
        journal.append(JournalRecords.deviceEvent(new DeviceEvent("d-1", "p-0", DeviceEvent.Type.CONNECTED, 5, "")))
                .join();
        append(2, true);
        append(3, true);
        append(4, false);

        List<ReadingLog.Entry> fromRing = hinted.read(0, 100);
        List<ReadingLog.Entry> fromJournal = plain.read(0, 100);

        assertThat(fromRing).isEqualTo(fromJournal);
        assertThat(fromRing).extracting(ReadingLog.Entry::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(fromRing.get(2).readings()).as("not a reading entry").isEmpty();
        assertThat(fromRing.get(0).readings()).as("taken from the ring, not decoded again")
                .isSameAs(packs.get(0));
        assertThat(hinted.read(2, 2)).extracting(ReadingLog.Entry::position).containsExactly(3L, 4L);
    }

    @Test
    void givenAHintOverwrittenByOneRingLengthLaterThenTheOlderPositionIsReadFromTheJournal() throws Exception {
        for (int i = 0; i <= JournalReadingLog.RECENT; i++) {
            append(i, true);
        }
        List<ReadingLog.Entry> first = hinted.read(0, 1);
        assertThat(first.get(0).position()).isEqualTo(1);
        assertThat(first.get(0).readings()).isEqualTo(packs.get(0)).isNotSameAs(packs.get(0));
        assertThat(hinted.read(JournalReadingLog.RECENT, 1).get(0).readings())
                .isSameAs(packs.get(JournalReadingLog.RECENT));
    }

    @Test
    void givenAnUndecodableReadingEntryThenItComesBackEmptyAndIsCounted() throws Exception {
        journal.append(new byte[] {JournalRecords.READINGS, 1, 0, 0}).join();
        append(1, false);
        List<ReadingLog.Entry> read = plain.read(0, 10);
        assertThat(read).extracting(e -> e.readings().size()).containsExactly(0, 1);
        assertThat(meters.counter("homeward.processing.undecodable").count()).isEqualTo(1);
    }
}
