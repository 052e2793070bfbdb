package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Alarm-fatigue figures from journaled alarm values (§5.3). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AlarmAnalyticsTest {

    private static Alarm v(String id, String rule, Priority p, AlarmState s, long onset, long at, String user) {
        return new Alarm(id, "p1", rule, AlarmKind.PHYSIOLOGICAL, p, s, onset, at, user, null, "", 0, null);
    }

    @Test
    void ratesTimeToAcknowledgeAndShares() {
        List<Alarm> events = List.of(
                v("a", Rules.HYPOXAEMIA, Priority.HIGH, AlarmState.ACTIVE, 0, 0, null),
                v("a", Rules.HYPOXAEMIA, Priority.HIGH, AlarmState.ACKNOWLEDGED, 0, 30_000, "n1"),
                v("a", Rules.HYPOXAEMIA, Priority.HIGH, AlarmState.RESOLVED, 0, 90_000, "n1"),
                v("b", Rules.HYPOXAEMIA, Priority.HIGH, AlarmState.ACTIVE, 100, 100, null),
                v("b", Rules.HYPOXAEMIA, Priority.HIGH, AlarmState.RESOLVED, 100, 10_100, "n2"),
                v("c", Rules.CRS_PREFEVER, Priority.MEDIUM, AlarmState.ACTIVE, 0, 0, null),
                v("c", Rules.CRS_PREFEVER, Priority.MEDIUM, AlarmState.RESOLVED, 0, 5_000, null),
                v("d", Rules.CRS_PREFEVER, Priority.MEDIUM, AlarmState.ACTIVE, 0, 0, null));

        AlarmAnalytics.Report r = AlarmAnalytics.analyse(events, 2.0);

        assertThat(r.alarmsPerPatientDay().get(Rules.HYPOXAEMIA)).containsEntry(Priority.HIGH, 1.0);
        assertThat(r.alarmsPerPatientDay().get(Rules.CRS_PREFEVER)).containsEntry(Priority.MEDIUM, 1.0);
        assertThat(r.timeToAck().get(Priority.HIGH)).isEqualTo(new AlarmAnalytics.AckStats(2, 10_000, 30_000, 30_000));
        assertThat(r.timeToAck()).doesNotContainKey(Priority.MEDIUM);
        assertThat(r.resolved()).isEqualTo(3);
        assertThat(r.acknowledged()).isEqualTo(2);
        assertThat(r.autoCleared()).isEqualTo(1);
        assertThat(r.shareAutoCleared()).isEqualTo(1.0 / 3);
    }

    @Test
    void worksOnWhatTheMonitorProduces() {
        Fixture f = new Fixture();
        f.manual(org.homeward.gateway.domain.ManualEntry.Kind.ICE_SCORE, 8, "");
        f.manual(org.homeward.gateway.domain.ManualEntry.Kind.ICE_SCORE, 10, "");
        AlarmAnalytics.Report r = AlarmAnalytics.analyse(f.events, 1.0);
        assertThat(r.autoCleared()).isEqualTo(1);
        assertThat(r.acknowledged()).isZero();
    }

    @Test
    void refusesNonPositivePatientDays() {
        assertThatThrownBy(() -> AlarmAnalytics.analyse(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
