package org.homeward.gateway.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.ThresholdChange;
import org.homeward.gateway.domain.ThresholdValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The THRESHOLDS journal record: round trip, type, and refusal of damaged or out-of-range bodies. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ThresholdRecordTest {
    static final ThresholdChange CHANGE = new ThresholdChange("p-1", null,
            new ThresholdValues(38.3, 3, 6, 85.5, 88, 140, 35, 2), "admin-ü", 1_764_057_600_123L,
            "COPD – target 88–92 %, Dr B");

    @Test
    void aThresholdChangeRoundTripsWithoutItsBeforeValues() {
        JournalRecords.Decoded d = JournalRecords.decode(JournalRecords.thresholds(CHANGE));
        assertThat(d.type()).isEqualTo(JournalRecords.THRESHOLDS);
        assertThat(d.thresholds()).isEqualTo(CHANGE);
        assertThat(d.readings()).isNull();
        assertThat(d.alarm()).isNull();
    }

    @Test
    void aTruncatedRecordIsRefusedNotGuessed() {
        byte[] full = JournalRecords.thresholds(CHANGE);
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);
        assertThatThrownBy(() -> JournalRecords.decode(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type 5");
    }

    @Test
    void anOutOfRangeValueInTheJournalIsRefusedNamingTheField() {
        byte[] b = JournalRecords.thresholds(CHANGE);
        b[b.length - 1] = 7; // news2Spo2Scale
        assertThatThrownBy(() -> JournalRecords.decode(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("news2Spo2Scale");
    }
}
