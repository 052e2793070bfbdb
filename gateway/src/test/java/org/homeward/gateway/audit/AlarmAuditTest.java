package org.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Automatic alarm transitions are audited as {@code system}; people's actions and replayed values are not. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AlarmAuditTest {
    final List<String> lines = new ArrayList<>();
    final AlarmAudit audit = new AlarmAudit(new AuditTrail() {
        @Override
        public void record(String actor, String action, Map<String, String> details) {
            lines.add(actor + " " + action + " " + details.get("from") + "->" + details.get("state"));
        }

        @Override
        public CompletableFuture<Report> report(int limit, boolean verify) {
            return CompletableFuture.completedFuture(new Report(List.of(), null));
        }
    });

    static Alarm a(AlarmState s, Priority p, int level, String user, long at) {
        return new Alarm("A1", "p-1", "CRS-FEVER", AlarmKind.PHYSIOLOGICAL, p, s, 0, at, user, null, "temp 38.6", level,
                null);
    }

    @Test
    void everyAutomaticTransitionIsAuditedOnceAndAcksAndShelvesAreNot() {
        audit.onChange(a(AlarmState.ACTIVE, Priority.HIGH, 0, null, 1));
        audit.onChange(a(AlarmState.ACTIVE, Priority.HIGH, 1, null, 2));
        audit.onChange(a(AlarmState.ACKNOWLEDGED, Priority.HIGH, 1, "nurse1", 3));
        audit.onChange(a(AlarmState.ACTIVE, Priority.HIGH, 0, "nurse1", 4));
        audit.onChange(a(AlarmState.SHELVED, Priority.HIGH, 0, "nurse1", 5));
        audit.onChange(a(AlarmState.ACTIVE, Priority.HIGH, 0, "nurse1", 6));
        audit.onChange(a(AlarmState.ACKNOWLEDGED, Priority.HIGH, 0, "nurse2", 7));
        audit.onChange(a(AlarmState.RESOLVED, Priority.HIGH, 0, "nurse2", 8));
        assertThat(lines).containsExactly(
                "system alarm.raised ->ACTIVE",
                "system alarm.escalated ACTIVE->ACTIVE",
                "system alarm.realerted ACKNOWLEDGED->ACTIVE",
                "system alarm.shelve_expired SHELVED->ACTIVE",
                "system alarm.cleared ACKNOWLEDGED->RESOLVED");
    }

    @Test
    void anAcknowledgementOfAClearedConditionIsAPersonsActionButAnAutoClearIsNot() {
        audit.onChange(a(AlarmState.ACTIVE, Priority.MEDIUM, 0, null, 1));
        audit.onChange(a(AlarmState.RESOLVED, Priority.MEDIUM, 0, "nurse1", 2));
        audit.onChange(new Alarm("A2", "p-1", "TACHY", AlarmKind.PHYSIOLOGICAL, Priority.MEDIUM, AlarmState.ACTIVE, 0, 3,
                null, null, "", 0, null));
        audit.onChange(new Alarm("A2", "p-1", "TACHY", AlarmKind.PHYSIOLOGICAL, Priority.HIGH, AlarmState.ACTIVE, 0, 4,
                null, null, "", 0, null));
        audit.onChange(new Alarm("A2", "p-1", "TACHY", AlarmKind.PHYSIOLOGICAL, Priority.HIGH, AlarmState.RESOLVED, 0, 5,
                null, "condition cleared", "", 0, null));
        assertThat(lines).containsExactly("system alarm.raised ->ACTIVE", "system alarm.raised ->ACTIVE",
                "system alarm.priority_raised ACTIVE->ACTIVE", "system alarm.cleared ACTIVE->RESOLVED");
    }

    @Test
    void replayedValuesAreRememberedWithoutALineSoTheNextLiveChangeIsClassifiedRight() {
        audit.remember(a(AlarmState.ACTIVE, Priority.HIGH, 0, null, 1));
        audit.remember(a(AlarmState.ACKNOWLEDGED, Priority.HIGH, 0, "nurse1", 2));
        assertThat(lines).isEmpty();
        audit.onChange(a(AlarmState.ACTIVE, Priority.HIGH, 0, "nurse1", 3));
        assertThat(lines).containsExactly("system alarm.realerted ACKNOWLEDGED->ACTIVE");
    }
}
