package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.OXI;
import static org.homeward.gateway.clinical.Fixture.PATCH;
import static org.homeward.gateway.clinical.Fixture.S;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.ManualEntry.Kind;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Latching, hysteresis, acknowledgement, re-alert, escalation, shelving, day-window priorities (§1.7, §5.2–5.3). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AlarmLifecycleTest {

    private static Fixture hypoxic() {
        Fixture f = new Fixture();
        f.stream(OXI, Vital.SPO2, 85, S, 30 * S);
        return f;
    }

    /** SpO2 85 % also scores NEWS2 3 (NEWS2-MED); these tests look at the hypoxaemia alarm only. */
    private static List<String> hypoxaemiaOnly(Fixture f) {
        return f.escalations.stream().filter(e -> e.startsWith(Rules.HYPOXAEMIA)).toList();
    }

    @Test
    void oneOpenAlarmPerRuleNoMatterHowLongTheConditionLasts() {
        Fixture f = hypoxic();
        f.stream(OXI, Vital.SPO2, 84, S, 5 * MIN);
        assertThat(f.events.stream().filter(a -> a.rule().equals(Rules.HYPOXAEMIA)).map(Alarm::id).distinct())
                .hasSize(1);
    }

    @Test
    void highEscalatesAtSixtySecondsAndThreeMinutesThenStops() {
        Fixture f = hypoxic();
        String id = f.open(Rules.HYPOXAEMIA).orElseThrow().id();
        f.advance(59 * S);
        assertThat(f.open(Rules.HYPOXAEMIA).orElseThrow().escalationLevel()).isZero();
        f.advance(S);
        assertThat(f.open(Rules.HYPOXAEMIA).orElseThrow().escalationLevel()).isEqualTo(1);
        assertThat(f.escalations).containsExactly("HYPOXAEMIA:1");
        f.advance(2 * MIN);
        assertThat(f.open(Rules.HYPOXAEMIA).orElseThrow().escalationLevel()).isEqualTo(2);
        f.advance(10 * MIN);
        assertThat(hypoxaemiaOnly(f)).containsExactly("HYPOXAEMIA:1", "HYPOXAEMIA:2");
        assertThat(f.open(Rules.HYPOXAEMIA).orElseThrow().id()).isEqualTo(id);
    }

    @Test
    void acknowledgementStopsEscalation() {
        Fixture f = hypoxic();
        f.advance(30 * S);
        List<Alarm> acked = f.ack(Rules.HYPOXAEMIA);
        assertThat(acked).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlarmState.ACKNOWLEDGED);
            assertThat(a.user()).isEqualTo("nurse-a");
            assertThat(a.note()).isEqualTo("called patient");
        });
        f.advance(5 * MIN);
        assertThat(hypoxaemiaOnly(f)).isEmpty();
    }

    @Test
    void mediumEscalatesOnceAtTenMinutes() {
        Fixture f = new Fixture();
        f.manual(Kind.ICE_SCORE, 8, "");
        f.advance(10 * MIN - S);
        assertThat(f.escalations).isEmpty();
        f.advance(S);
        assertThat(f.escalations).containsExactly("ICANS-SUSPECT:1");
    }

    @Test
    void acknowledgedAndStillAbnormalReAlertsAfterFifteenMinutesWithTheSameId() {
        Fixture f = hypoxic();
        String id = f.ack(Rules.HYPOXAEMIA).get(0).id();
        f.stream(OXI, Vital.SPO2, 86, 10 * S, 15 * MIN - 10 * S);
        assertThat(f.open(Rules.HYPOXAEMIA).orElseThrow().state()).isEqualTo(AlarmState.ACKNOWLEDGED);
        f.advance(10 * S);
        Alarm a = f.open(Rules.HYPOXAEMIA).orElseThrow();
        assertThat(a.state()).isEqualTo(AlarmState.ACTIVE);
        assertThat(a.id()).isEqualTo(id);
        assertThat(a.escalationLevel()).isZero();
        assertThat(hypoxaemiaOnly(f)).containsExactly("HYPOXAEMIA:re-alert");
    }

    /** Failed before: the re-alert repeated the onset evidence ("latest 86 % at 08:…") 15 min later, without a date. */
    @Test
    void givenAnAcknowledgedHypoxaemiaWhenItReAlertsThenTheEvidenceNamesTheLatestValueWithItsDate() {
        Fixture f = hypoxic();
        String first = f.open(Rules.HYPOXAEMIA).orElseThrow().evidence();
        f.ack(Rules.HYPOXAEMIA);
        f.stream(OXI, Vital.SPO2, 84, 10 * S, 15 * MIN - 10 * S);
        f.advance(10 * S);
        Alarm a = f.open(Rules.HYPOXAEMIA).orElseThrow();
        assertThat(a.note()).startsWith("re-alert");
        assertThat(a.evidence()).isNotEqualTo(first).contains("latest 84 % at 2026-11-22 08:");
        assertThat(first).contains(" at 2026-11-22 08:");
    }

    @Test
    void unacknowledgedHighStaysLatchedAfterTheConditionClears() {
        Fixture f = hypoxic();
        f.stream(OXI, Vital.SPO2, 97, S, 2 * MIN);
        Alarm a = f.open(Rules.HYPOXAEMIA).orElseThrow();
        assertThat(a.state()).isEqualTo(AlarmState.ACTIVE);
        assertThat(a.evidence()).contains("latched until acknowledged");
        List<Alarm> acked = f.ack(Rules.HYPOXAEMIA);
        assertThat(acked).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(AlarmState.RESOLVED);
            assertThat(r.user()).isEqualTo("nurse-a");
        });
    }

    @Test
    void mediumDoesNotLatchItResolvesWhenTheConditionClears() {
        Fixture f = new Fixture();
        f.manual(Kind.ICE_SCORE, 8, "");
        assertThat(f.open(Rules.ICANS_SUSPECT)).hasValueSatisfying(a -> assertThat(a.priority()).isEqualTo(Priority.MEDIUM));
        List<Alarm> out = f.manual(Kind.ICE_SCORE, 10, "");
        assertThat(Fixture.resolved(out, Rules.ICANS_SUSPECT)).isTrue();
        assertThat(out.get(0).user()).as("auto-cleared, not acknowledged").isNull();
    }

    @Test
    void shelvingSilencesAndExpiresByItself() {
        Fixture f = hypoxic();
        String id = f.open(Rules.HYPOXAEMIA).orElseThrow().id();
        List<Alarm> shelved = f.collect(f.monitor.shelve(id, "nurse-a", 5 * MIN, f.now));
        assertThat(shelved).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlarmState.SHELVED);
            assertThat(a.note()).contains("shelved until");
        });
        f.advance(5 * MIN - S);
        assertThat(f.open(Rules.HYPOXAEMIA).orElseThrow().state()).isEqualTo(AlarmState.SHELVED);
        assertThat(hypoxaemiaOnly(f)).as("shelved alarms do not escalate").isEmpty();
        f.advance(S);
        assertThat(f.open(Rules.HYPOXAEMIA).orElseThrow().state()).isEqualTo(AlarmState.ACTIVE);
    }

    @Test
    void shelvingIsCutToTheMaximum() {
        Fixture f = hypoxic();
        Alarm a = f.monitor.shelve(f.open(Rules.HYPOXAEMIA).orElseThrow().id(), "nurse-a", 24 * 60 * MIN, f.now).get(0);
        assertThat(a.note()).endsWith(Instant.ofEpochMilli(f.now + 30 * MIN).toString());
    }

    @Test
    void unknownAlarmOrMissingUserIsRefusedWithoutChange() {
        Fixture f = hypoxic();
        String id = f.open(Rules.HYPOXAEMIA).orElseThrow().id();
        assertThat(f.monitor.acknowledge("no-such-id", "nurse-a", "", f.now)).isEmpty();
        assertThat(f.monitor.acknowledge(id, " ", "", f.now)).isEmpty();
        assertThat(f.monitor.shelve(id, "nurse-a", 0, f.now)).isEmpty();
        assertThat(f.monitor.refusedInputs()).isEqualTo(3);
        assertThat(f.open(Rules.HYPOXAEMIA).orElseThrow().state()).isEqualTo(AlarmState.ACTIVE);
    }

    @Test
    void priorityRiseReannunciatesTheSameAlarm() {
        Fixture f = new Fixture();
        f.manual(Kind.ICE_SCORE, 8, "");
        String id = f.open(Rules.ICANS_SUSPECT).orElseThrow().id();
        f.ack(Rules.ICANS_SUSPECT);
        f.manual(Kind.SEIZURE, 1, "");
        Alarm a = f.open(Rules.ICANS_SUSPECT).orElseThrow();
        assertThat(a.id()).isEqualTo(id);
        assertThat(a.priority()).isEqualTo(Priority.HIGH);
        assertThat(a.state()).isEqualTo(AlarmState.ACTIVE);
        assertThat(a.evidence()).contains("seizure");
    }

    @Test
    void tachycardiaIsHighUntilDayFourteenAndMediumAfter() {
        long d14 = Instant.parse("2026-12-04T23:00:00Z").toEpochMilli();
        long d15 = Instant.parse("2026-12-05T00:30:00Z").toEpochMilli();
        Fixture early = new Fixture(ClinicalSettings.defaults(), d14);
        early.stream(OXI, Vital.HR, 140, 5 * S, 2 * MIN);
        assertThat(early.monitor.dayIndex(early.now)).isEqualTo(14);
        assertThat(early.open(Rules.TACHY).orElseThrow().priority()).isEqualTo(Priority.HIGH);
        Fixture late = new Fixture(ClinicalSettings.defaults(), d15);
        late.stream(OXI, Vital.HR, 140, 5 * S, 2 * MIN);
        assertThat(late.monitor.dayIndex(late.now)).isEqualTo(15);
        assertThat(late.open(Rules.TACHY).orElseThrow().priority()).isEqualTo(Priority.MEDIUM);
    }

    @Test
    void prefeverIsLowInTheReducedWindowAndFeverStaysHigh() {
        long d20 = Instant.parse("2026-12-10T08:00:00Z").toEpochMilli();
        Fixture f = new Fixture(ClinicalSettings.defaults().withBaseline(Vital.TEMP, 36.0, 0.3), d20);
        f.stream(PATCH, Vital.TEMP, 37.0, 2 * MIN, 4 * MIN);
        assertThat(f.open(Rules.CRS_PREFEVER).orElseThrow().priority()).isEqualTo(Priority.LOW);
        f.stream(PATCH, Vital.TEMP, 38.2, 2 * MIN, 4 * MIN);
        assertThat(f.open(Rules.CRS_FEVER).orElseThrow().priority()).isEqualTo(Priority.HIGH);
        assertThat(f.open(Rules.CRS_PREFEVER)).as("superseded by fever").isEmpty();
    }

    @Test
    void dayPostInfusionCountsFromLocalMidnight() {
        Fixture f = new Fixture();
        assertThat(f.monitor.dayPostInfusion(f.now)).isCloseTo(2 + 8 / 24.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
