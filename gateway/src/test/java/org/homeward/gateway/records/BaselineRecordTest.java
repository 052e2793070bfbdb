package org.homeward.gateway.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.LearnedBaseline;
import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The BASELINE record (a learned baseline the owner carries across a take-over): exact round trip and damage. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BaselineRecordTest {
    static final LearnedBaseline TEMP = new LearnedBaseline("p-1", Vital.TEMP, 1_764_057_600_123L, 1_440,
            36.41234567890123, 5.123456789e-3);

    @Test
    void aBaselineRoundTripsBitForBit() {
        byte[] entry = JournalRecords.baseline(TEMP);
        JournalRecords.Decoded d = JournalRecords.decode(entry);
        assertThat(entry[0]).isEqualTo(JournalRecords.BASELINE);
        assertThat(entry[1]).as("format version").isEqualTo((byte) 1);
        assertThat(d.type()).isEqualTo(JournalRecords.BASELINE);
        assertThat(d.baseline()).isEqualTo(TEMP);
        assertThat(Double.doubleToRawLongBits(d.baseline().mean())).isEqualTo(Double.doubleToRawLongBits(TEMP.mean()));
        assertThat(d.readings()).isNull();
        assertThat(d.alarm()).isNull();
    }

    @Test
    void aTruncatedRecordIsRefusedNotGuessed() {
        byte[] full = JournalRecords.baseline(TEMP);
        assertThatThrownBy(() -> JournalRecords.decode(Arrays.copyOf(full, full.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type 7");
    }

    @Test
    void aLaterVersionIsRefused() {
        byte[] entry = JournalRecords.baseline(TEMP);
        entry[1] = 2;
        assertThatThrownBy(() -> JournalRecords.decode(entry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 2");
    }
}
