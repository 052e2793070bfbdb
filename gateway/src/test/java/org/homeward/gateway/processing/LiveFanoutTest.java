package org.homeward.gateway.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.forward.TestRecords;
import org.junit.jupiter.api.Test;

/** The late-bound live listener: nothing reaches a target before it is set, everything after. */
class LiveFanoutTest {
    @Test
    void givenNoTarget_whenAnAlarmChanges_thenNothingFailsAndTheLaterTargetGetsOnlyLaterChanges() {
        LiveFanout fanout = new LiveFanout();
        Alarm before = TestRecords.alarm("p-1", "a-1", AlarmState.ACTIVE, 1);
        Alarm after = TestRecords.alarm("p-1", "a-1", AlarmState.ACKNOWLEDGED, 2);
        List<Object> seen = new ArrayList<>();

        fanout.onAlarm(before);
        fanout.target(new LiveListener() {
            @Override
            public void onPatientChanged(PatientSnapshot snapshot, Reading reading) {
                seen.add(reading);
            }

            @Override
            public void onAlarm(Alarm alarm) {
                seen.add(alarm);
            }
        });
        fanout.onAlarm(after);
        Reading reading = TestRecords.reading("p-1", org.homeward.gateway.domain.Vital.TEMP, 37.0, 3);
        fanout.onPatientChanged(null, reading);

        assertThat(seen).containsExactly(after, reading);
    }
}
