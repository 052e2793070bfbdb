package org.homeward.gateway.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ALARM journal record keeps whether late data raised the alarm, and still reads entries written before. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AlarmRecordTest {
    static final Alarm LATE = new Alarm("a-1", "p-1", "CRS-FEVER", AlarmKind.PHYSIOLOGICAL, Priority.HIGH,
            AlarmState.ACTIVE, 1_000, 2_000, null, null, "temp 38.7 °C", 0, null, 360_000);

    @Test
    void givenAnAlarmRaisedByLateData_whenJournaledAndRead_thenItsLatenessSurvives() {
        assertThat(JournalRecords.decode(JournalRecords.alarm(LATE)).alarm()).isEqualTo(LATE);
    }

    @Test
    void givenAnEntryWrittenBeforeLatenessWasKept_whenRead_thenTheAlarmIsNotLate() {
        byte[] now = JournalRecords.alarm(LATE);
        byte[] before = Arrays.copyOf(now, now.length - Long.BYTES);
        Alarm read = JournalRecords.decode(before).alarm();
        assertThat(read.late()).isFalse();
        assertThat(read.evidence()).isEqualTo(LATE.evidence());
    }

    @Test
    void givenATruncatedLateness_whenRead_thenTheEntryIsRefused() {
        byte[] now = JournalRecords.alarm(LATE);
        assertThatThrownBy(() -> JournalRecords.decode(Arrays.copyOf(now, now.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
