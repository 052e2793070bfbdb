package org.homeward.gateway.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The READINGS journal record: the compact version 2 round trip, the version 1 entries of older journals, damage. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReadingsRecordTest {
    static final long T = 1_764_057_600_000L;
    static final List<Reading> V1_READINGS = OldReadingsEntry.READINGS;

    @Test
    void aVersion1EntryOfAnOlderJournalStillDecodes() {
        JournalRecords.Decoded d = JournalRecords.decode(OldReadingsEntry.bytes());
        assertThat(d.type()).isEqualTo(JournalRecords.READINGS);
        assertThat(d.readings()).isEqualTo(V1_READINGS);
    }

    @Test
    void packsAreWrittenInVersion2AndRoundTrip() {
        byte[] entry = JournalRecords.readings(V1_READINGS);
        assertThat(entry[0]).isEqualTo(JournalRecords.READINGS);
        assertThat(entry[1]).isEqualTo((byte) 2);
        assertThat(entry.length).isLessThan(OldReadingsEntry.bytes().length);
        assertThat(JournalRecords.decode(entry).readings()).isEqualTo(V1_READINGS);
    }

    @Test
    void edgeValuesRoundTrip() {
        List<Reading> edge = List.of(
                new Reading("", "p", Vital.ACT, -0.0, Long.MIN_VALUE, Long.MAX_VALUE, Quality.values()[Quality.values().length - 1], "", true),
                new Reading("d", "p", Vital.values()[Vital.values().length - 1], Double.NaN, 0, -1, Quality.OK, "%", false),
                new Reading("d\u0000\uD83D\uDE00", "p", Vital.HR, Double.MAX_VALUE, -5, 5, Quality.OK, "/min", false));
        assertThat(JournalRecords.decode(JournalRecords.readings(edge)).readings()).isEqualTo(edge);
        assertThat(JournalRecords.decode(JournalRecords.readings(List.of())).readings()).isEmpty();
    }

    @Test
    void aPackOfMoreDistinctStringsThanBackReferencesRoundTrips() {
        List<Reading> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(new Reading("d-" + i, "p-" + (i % 3), Vital.HR, 60 + i, T + i, T + 2 * i, Quality.OK, "u" + i, i % 2 == 0));
        }
        assertThat(JournalRecords.decode(JournalRecords.readings(many)).readings()).isEqualTo(many);
    }

    @Test
    void everyTruncationAndTrailingGarbageIsRefusedNamingTheType() {
        byte[] full = JournalRecords.readings(V1_READINGS);
        for (int len = 2; len < full.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(full, len);
            assertThatThrownBy(() -> JournalRecords.decode(cut)).as("cut at %d", len)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type 1");
        }
        byte[] longer = java.util.Arrays.copyOf(full, full.length + 1);
        assertThatThrownBy(() -> JournalRecords.decode(longer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after the last reading");
    }

    @Test
    void aBadReferenceOrOrdinalIsRefused() {
        byte[] entry = JournalRecords.readings(List.of(V1_READINGS.get(0)));
        byte[] badRef = entry.clone();
        badRef[3] = 5; // the device string: a reference to a string not yet written
        assertThatThrownBy(() -> JournalRecords.decode(badRef)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("string reference");
        byte[] badVital = entry.clone();
        badVital[3 + 2 + 4 + 2 + 3] = (byte) 0xFF; // the vital ordinal after "ox-1" and "p-1"
        assertThatThrownBy(() -> JournalRecords.decode(badVital)).isInstanceOf(IllegalArgumentException.class);
    }
}
