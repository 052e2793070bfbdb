package org.homeward.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The alarm history body: open alarms always, closed ones only when changed since; newest change first. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AlarmHistoryViewTest {
    static Alarm v(String id, AlarmState s, long at, String user, String note) {
        return new Alarm(id, "p-1", "R-" + id, AlarmKind.PHYSIOLOGICAL, Priority.HIGH, s, 10, at, user, note, "e", 0, null);
    }

    @Test
    void groupsTransitionsPerAlarmAndKeepsOpenOnesAndRecentlyClosedOnes() {
        List<Alarm> values = List.of(
                v("old", AlarmState.ACTIVE, 10, null, null), v("old", AlarmState.RESOLVED, 20, null, "condition cleared"),
                v("open", AlarmState.ACTIVE, 15, null, null),
                v("acked", AlarmState.ACTIVE, 100, null, null),
                v("acked", AlarmState.ACKNOWLEDGED, 200, "nurse1", "called"),
                v("acked", AlarmState.RESOLVED, 300, "nurse1", "called"));
        JsonNode n = AlarmHistoryView.render("p-1", 50, values, 1_000);
        assertThat(n.path("alarms")).extracting(a -> a.path("id").asText()).containsExactly("acked", "open");
        JsonNode acked = n.path("alarms").get(0);
        assertThat(acked.path("state").asText()).isEqualTo("RESOLVED");
        assertThat(acked.path("transitions")).extracting(t -> t.path("state").asText())
                .containsExactly("ACTIVE", "ACKNOWLEDGED", "RESOLVED");
        assertThat(acked.path("transitions").get(1).path("user").asText()).isEqualTo("nurse1");
        assertThat(acked.path("transitions").get(1).path("note").asText()).isEqualTo("called");
        assertThat(acked.path("transitions").get(1).path("atMillis").asLong()).isEqualTo(200);
    }
}
