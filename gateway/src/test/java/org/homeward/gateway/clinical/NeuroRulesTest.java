package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.clinical.Fixture.MIN;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.ManualEntry.Kind;
import org.homeward.gateway.domain.Priority;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ICANS-SUSPECT and NEURO-CHECK-OVERDUE from manual entries (§1.3–1.4, §1.7, §5.4). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NeuroRulesTest {

    @ParameterizedTest(name = "ICE {0} → {1}")
    @CsvSource({"0,HIGH", "6,HIGH", "7,MEDIUM", "9,MEDIUM"})
    void iceBelowTenRaisesByBand(int ice, Priority priority) {
        Fixture f = new Fixture();
        f.manual(Kind.ICE_SCORE, ice, "");
        assertThat(f.open(Rules.ICANS_SUSPECT)).hasValueSatisfying(a -> {
            assertThat(a.priority()).isEqualTo(priority);
            assertThat(a.kind()).isEqualTo(AlarmKind.PHYSIOLOGICAL);
            assertThat(a.evidence()).contains("ICE " + ice + "/10").doesNotContainIgnoringCase("grade");
        });
    }

    @Test
    void iceTenRaisesNothing() {
        Fixture f = new Fixture();
        f.manual(Kind.ICE_SCORE, 10, "");
        assertThat(f.monitor.openAlarms()).isEmpty();
    }

    @Test
    void invalidIceIsRefused() {
        Fixture f = new Fixture();
        f.manual(Kind.ICE_SCORE, 11, "");
        f.manual(Kind.ICE_SCORE, 7.5, "");
        f.manual(Kind.ICE_SCORE, Double.NaN, "");
        assertThat(f.monitor.openAlarms()).isEmpty();
        assertThat(f.monitor.refusedInputs()).isEqualTo(3);
    }

    @Test
    void seizureIsHighAndLatchesUntilAcknowledged() {
        Fixture f = new Fixture();
        f.manual(Kind.SEIZURE, 1, "focal, 1 min");
        assertThat(f.open(Rules.ICANS_SUSPECT).orElseThrow().priority()).isEqualTo(Priority.HIGH);
        f.now += MIN;
        f.manual(Kind.ICE_SCORE, 10, "");
        assertThat(f.open(Rules.ICANS_SUSPECT)).as("HIGH latches").isPresent();
        assertThat(Fixture.resolved(f.ack(Rules.ICANS_SUSPECT), Rules.ICANS_SUSPECT)).isTrue();
    }

    @Test
    void newConfusionIsMediumUntilAFullIce() {
        Fixture f = new Fixture();
        f.manual(Kind.NEW_CONFUSION, 1, "handwriting change");
        assertThat(f.open(Rules.ICANS_SUSPECT)).hasValueSatisfying(a -> {
            assertThat(a.priority()).isEqualTo(Priority.MEDIUM);
            assertThat(a.evidence()).contains("handwriting change");
        });
        f.now += MIN;
        f.manual(Kind.ICE_SCORE, 10, "");
        assertThat(f.open(Rules.ICANS_SUSPECT)).isEmpty();
    }

    @Test
    void neuroCheckOverdueIsLowAfterThirtyMinutesMediumAfterTwoHoursAndClearedByAnIce() {
        Fixture f = new Fixture();
        String due = Instant.ofEpochMilli(f.now + 60 * MIN).toString();
        f.manual(Kind.NEURO_CHECK_DUE, Double.NaN, due);
        f.advance(90 * MIN - 1000);
        assertThat(f.open(Rules.NEURO_CHECK_OVERDUE)).isEmpty();
        f.advance(1000);
        assertThat(f.open(Rules.NEURO_CHECK_OVERDUE).orElseThrow().priority()).isEqualTo(Priority.LOW);
        f.advance(90 * MIN);
        assertThat(f.open(Rules.NEURO_CHECK_OVERDUE).orElseThrow().priority()).isEqualTo(Priority.MEDIUM);
        f.manual(Kind.ICE_SCORE, 10, "");
        assertThat(f.open(Rules.NEURO_CHECK_OVERDUE)).isEmpty();
        assertThat(f.events).anyMatch(a -> a.rule().equals(Rules.NEURO_CHECK_OVERDUE) && a.state() == AlarmState.RESOLVED);
    }

    @Test
    void unreadableDueTimeIsRefused() {
        Fixture f = new Fixture();
        f.manual(Kind.NEURO_CHECK_DUE, Double.NaN, "tomorrow morning");
        assertThat(f.monitor.refusedInputs()).isEqualTo(1);
    }
}
