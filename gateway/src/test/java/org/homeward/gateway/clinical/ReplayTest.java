package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.OXI;
import static org.homeward.gateway.clinical.Fixture.PATCH;
import static org.homeward.gateway.clinical.Fixture.S;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Start-up replay: rule state rebuilt from the journal, open alarms restored, nothing duplicated. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReplayTest {

    /** A journal in order: each input followed by the alarm values it produced, as the shard writes it. */
    private record Entry(Reading reading, ManualEntry manual, Alarm alarm) {
    }

    private final List<Entry> journal = new ArrayList<>();

    private void live(Fixture f, String device, Vital vital, double value) {
        Reading r = Fixture.reading(device, vital, value, f.now, Quality.OK);
        journal.add(new Entry(r, null, null));
        f.monitor.onReading(r, f.now).forEach(a -> journal.add(new Entry(null, null, a)));
    }

    private void tick(Fixture f, long millis) {
        long end = f.now + millis;
        while (f.now < end) {
            f.now += S;
            f.monitor.onTick(f.now).forEach(a -> journal.add(new Entry(null, null, a)));
        }
    }

    private Fixture replay(long now) {
        Fixture g = new Fixture();
        g.monitor.beginReplay();
        for (Entry e : journal) {
            if (e.reading() != null) {
                assertThat(g.monitor.onReading(e.reading(), e.reading().receivedAtMillis())).isEmpty();
            } else if (e.manual() != null) {
                assertThat(g.monitor.onManualEntry(e.manual(), e.manual().atMillis())).isEmpty();
            } else {
                g.monitor.restoreAlarm(e.alarm());
            }
        }
        g.now = now;
        g.collect(g.monitor.endReplay(now));
        return g;
    }

    @Test
    void openAlarmsComeBackWithTheirIdsAndStateAndAreNotRaisedAgain() {
        Fixture f = new Fixture();
        for (int i = 0; i < 3; i++) {
            live(f, PATCH, Vital.TEMP, 38.6);
            tick(f, 2 * MIN);
        }
        for (int i = 0; i < 31; i++) {
            live(f, OXI, Vital.SPO2, 86);
            tick(f, S);
        }
        String feverId = f.open(Rules.CRS_FEVER).orElseThrow().id();
        journal.add(new Entry(null, null, f.monitor.acknowledge(feverId, "nurse-a", "paracetamol given", f.now).get(0)));
        List<String> before = f.monitor.openAlarms().stream().map(a -> a.id() + a.state()).toList();

        Fixture g = replay(f.now + S);

        assertThat(g.monitor.openAlarms().stream().map(a -> a.id() + a.state()).toList())
                .containsExactlyInAnyOrderElementsOf(before);
        List<String> journaledIds = journal.stream().filter(e -> e.alarm() != null).map(e -> e.alarm().id()).toList();
        assertThat(g.events).as("no alarm created at catch-up").allMatch(a -> journaledIds.contains(a.id()));
        assertThat(g.monitor.openAlarms()).extracting(Alarm::rule).doesNotHaveDuplicates();
    }

    @Test
    void ruleStateIsRebuiltSoAConditionConfirmedDuringReplayIsRaisedOnceAtCatchUp() {
        Fixture f = new Fixture();
        live(f, PATCH, Vital.TEMP, 38.4);
        tick(f, 2 * MIN);
        live(f, PATCH, Vital.TEMP, 38.4);
        tick(f, 2 * MIN);
        // the third sample reached the journal but the gateway stopped before evaluating it
        journal.add(new Entry(Fixture.reading(PATCH, Vital.TEMP, 38.5, f.now, Quality.OK), null, null));
        assertThat(f.open(Rules.CRS_FEVER)).isEmpty();

        Fixture g = replay(f.now + S);

        assertThat(g.events.stream().filter(a -> a.rule().equals(Rules.CRS_FEVER))).hasSize(1);
        assertThat(g.open(Rules.CRS_FEVER)).isPresent();
    }

    @Test
    void resolvedAlarmsStayResolved() {
        Fixture f = new Fixture();
        f.monitor.registerDevice(PATCH, "patch", 0);
        live(f, PATCH, Vital.BAT, 10);
        live(f, PATCH, Vital.BAT, 90);
        assertThat(journal.stream().filter(e -> e.alarm() != null)).hasSize(2);

        Fixture g = replay(f.now + S);

        assertThat(g.monitor.openAlarms()).isEmpty();
        assertThat(g.events).isEmpty();
    }

    @Test
    void escalationContinuesFromTheRestoredLevel() {
        Fixture f = new Fixture();
        for (int i = 0; i < 31; i++) {
            live(f, OXI, Vital.SPO2, 86);
            tick(f, S);
        }
        tick(f, 60 * S);
        assertThat(f.open(Rules.HYPOXAEMIA).orElseThrow().escalationLevel()).isEqualTo(1);

        long onset = f.open(Rules.HYPOXAEMIA).orElseThrow().onsetMillis();

        Fixture g = replay(f.now + S);
        g.advance(onset + 3 * MIN - S - g.now);
        assertThat(g.open(Rules.HYPOXAEMIA).orElseThrow().escalationLevel()).isEqualTo(1);
        g.advance(S);

        assertThat(g.open(Rules.HYPOXAEMIA).orElseThrow().escalationLevel()).as("on the live schedule").isEqualTo(2);
        assertThat(g.escalations).contains("HYPOXAEMIA:2").doesNotContain("HYPOXAEMIA:1");
    }

    @Test
    void restoredAlarmThatNoRuleReportsAnyMoreIsResolvedAtCatchUp() {
        Alarm orphan = new Alarm("old-1", Fixture.PATIENT, Rules.LOW_BATTERY, org.homeward.gateway.domain.AlarmKind.TECHNICAL,
                org.homeward.gateway.domain.Priority.LOW, org.homeward.gateway.domain.AlarmState.ACTIVE, Fixture.D2 - MIN,
                Fixture.D2 - MIN, null, null, "battery 12 %", 0, "dev-gone");
        journal.add(new Entry(null, null, orphan));

        Fixture g = replay(Fixture.D2);

        assertThat(g.monitor.openAlarms()).isEmpty();
        assertThat(Fixture.resolved(g.events, Rules.LOW_BATTERY)).isTrue();
    }

    @Test
    void restoredLowBatteryInsideTheHysteresisBandStaysOpen() {
        Fixture f = new Fixture();
        live(f, PATCH, Vital.BAT, 15);
        live(f, PATCH, Vital.BAT, 22);

        Fixture g = replay(f.now + S);

        assertThat(g.open(Rules.LOW_BATTERY, PATCH)).isPresent();
        assertThat(g.events).isEmpty();
    }
}
