package org.homeward.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.News2;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.processing.DeviceStatus;
import org.homeward.gateway.processing.LatestValue;
import org.homeward.gateway.processing.PatientSnapshot;
import org.homeward.gateway.processing.VitalBaseline;
import org.junit.jupiter.api.Test;

class ViewCodecTest {

    @Test
    void aSnapshotSurvivesTheTopicUnchanged() {
        Alarm a = new Alarm("a-1", "p-1", "CRS-FEVER", AlarmKind.PHYSIOLOGICAL, Priority.HIGH, AlarmState.ACTIVE,
                1_000, 2_000, null, null, "38.6", 1, "d-1", 0);
        PatientSnapshot s = new PatientSnapshot("p-1", "Bed 4", "axi-cel", LocalDate.of(2026, 12, 1), 6,
                Map.of(Vital.TEMP, new LatestValue(38.6, 2_000, Quality.OK, "d-1", 2_100, false)),
                new News2(5, false, List.of("resp"), Map.of("temp", 1), false, 1), List.of(a),
                List.of(new DeviceStatus("d-1", "patch", true, 80.0, -70.0, null, 2_000)), 2_000, Map.of(Vital.TEMP, new VitalBaseline(36.8, 0.3, 40, true, false)));
        assertThat(ViewCodec.snapshot(ViewCodec.snapshot(s))).isEqualTo(s);
    }

    @Test
    void garbageIsRefusedWithAClearError() {
        assertThatThrownBy(() -> ViewCodec.snapshot("{not json".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a patient snapshot");
    }
}
