package org.homeward.gateway.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The DEVICE_INPUT record (a refusal or an update interval sent to the owner): round trip and damage. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeviceInputRecordTest {
    static final JournalRecords.DeviceInput REFUSAL = new JournalRecords.DeviceInput("d-1", "p-1", 1_764_057_600_123L, 0,
            2, "temp", "IMPLAUSIBLE_VALUE", "temp 52.0 Cel outside 25.0..45.0 °C", "temp@1764057600/52.0");

    @Test
    void aRefusalRoundTrips() {
        JournalRecords.Decoded d = JournalRecords.decode(JournalRecords.deviceInput(REFUSAL));
        assertThat(d.type()).isEqualTo(JournalRecords.DEVICE_INPUT);
        assertThat(d.deviceInput()).isEqualTo(REFUSAL);
        assertThat(d.deviceInput().isRefusal()).isTrue();
        assertThat(d.readings()).isNull();
    }

    @Test
    void anUpdateIntervalRoundTripsWithItsNullFields() {
        JournalRecords.DeviceInput ut = JournalRecords.DeviceInput.interval("d-2", "p-2", 60_000);
        JournalRecords.Decoded d = JournalRecords.decode(JournalRecords.deviceInput(ut));
        assertThat(d.deviceInput()).isEqualTo(ut);
        assertThat(d.deviceInput().isRefusal()).isFalse();
        assertThat(d.deviceInput().intervalMillis()).isEqualTo(60_000);
    }

    @Test
    void aTruncatedRecordIsRefusedNotGuessed() {
        byte[] full = JournalRecords.deviceInput(REFUSAL);
        assertThatThrownBy(() -> JournalRecords.decode(Arrays.copyOf(full, full.length - 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type 6");
    }
}
