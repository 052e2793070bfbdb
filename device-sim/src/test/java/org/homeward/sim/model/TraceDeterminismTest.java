package org.homeward.sim.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TraceDeterminismTest {
    private static final RunProfile FAST = Traces.profile(12, Duration.ofSeconds(5));

    @Test
    void sameSeedGivesIdenticalTrace() {
        for (int patient = 0; patient < 2; patient++) {
            java.util.List<Emission> a = Traces.all("crs-grade2", 7, patient, FAST);
            assertThat(a).hasSizeGreaterThan(5_000);
            assertThat(Traces.all("crs-grade2", 7, patient, FAST)).isEqualTo(a);
        }
    }

    @Test
    void sameSeedGivesIdenticalCsv() {
        RunProfile shortRun = new RunProfile(60, null, null, null, Duration.ofSeconds(5), null, null);
        String a = Traces.csv("crs-grade2", 7, 2, shortRun);
        assertThat(a.lines().count()).isGreaterThan(1_000);
        assertThat(Traces.csv("crs-grade2", 7, 2, shortRun)).isEqualTo(a);
    }

    @Test
    void faultyScenarioIsAlsoReproducible() {
        RunProfile p = Traces.profile(1, Duration.ofSeconds(5));
        assertThat(Traces.all("device-faults", 3, 0, p)).isEqualTo(Traces.all("device-faults", 3, 0, p));
    }

    @Test
    void differentSeedGivesDifferentTraceAndPseudonyms() {
        RunProfile shortRun = new RunProfile(60, null, null, null, Duration.ofSeconds(5), null, null);
        String a = Traces.csv("crs-grade2", 7, 1, shortRun);
        String b = Traces.csv("crs-grade2", 8, 1, shortRun);
        assertThat(a).isNotEqualTo(b);
        assertThat(a.lines().skip(1).findFirst().orElseThrow().split(",")[1])
                .isNotEqualTo(b.lines().skip(1).findFirst().orElseThrow().split(",")[1]);
    }

    @Test
    void patientsOfOneSeedDifferFromEachOther() {
        Baseline first = new PatientTrace(PatientKit.pseudonymous(1, 0, ScenarioLibrary.load("normal")), FAST, 1)
                .physiology().baseline();
        Baseline second = new PatientTrace(PatientKit.pseudonymous(1, 1, ScenarioLibrary.load("normal")), FAST, 1)
                .physiology().baseline();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void emissionsComeInNonDecreasingSendOrder() {
        long last = -1;
        for (Emission e : Traces.all("device-faults", 5, 0, Traces.profile(1, Duration.ofSeconds(5)))) {
            assertThat(e.emitMillis()).isGreaterThanOrEqualTo(last);
            last = e.emitMillis();
        }
    }
}
