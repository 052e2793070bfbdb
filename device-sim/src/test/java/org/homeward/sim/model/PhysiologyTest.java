package org.homeward.sim.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class PhysiologyTest {
    /** Oximeter slowed down: these tests look at the patch and cuff only. */
    private static final RunProfile PATCH_ONLY = Traces.profile(1, Duration.ofMinutes(30));

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void crsGrade1CrossesFeverThresholdAtTheScriptedTimeWithinOneSampleInterval(long seed) {
        double crossAt = ScenarioLibrary.load("crs-grade1").fever().crossAtHour();
        double intervalHours = PATCH_ONLY.patchInterval().toSeconds() / 3600.0;

        Rec firstFever = null;
        double firstFeverHour = -1;
        for (Emission e : Traces.all("crs-grade1", seed, 0, PATCH_ONLY)) {
            if (e.kind() == DeviceKind.PATCH && e.channel() == Channel.SENML && firstFever == null) {
                Rec temp = e.pack().records().get(0);
                if (temp.value() >= 38.0) {
                    firstFever = temp;
                    firstFeverHour = e.simHours();
                }
            }
        }

        assertThat(firstFever).as("a fever reading").isNotNull();
        assertThat(firstFeverHour).isBetween(crossAt - intervalHours, crossAt + intervalHours);
    }

    @Test
    void circadianTroughIsInTheEarlyMorning() {
        Physiology p = new Physiology(new Baseline(36.6, 75, 97, 15, 122, 78, 3, 0.3), ScenarioLibrary.load("normal"), 1);
        // normal starts at 08:00, so 04:00 is simulated hour 20 and 16:00 is hour 8
        double at4 = p.at(20 * 3600).temp();
        double at16 = p.at(8 * 3600).temp();
        assertThat(at4).isCloseTo(36.3, org.assertj.core.data.Offset.offset(0.01));
        assertThat(at16 - at4).isGreaterThan(0.45);
    }

    @Test
    void heartRateRisesAboutTenPerDegreeOfFever() {
        Scenario s = ScenarioLibrary.load("crs-grade1");
        Baseline b = new Baseline(36.6, 75, 97, 15, 122, 78, 3, 0.3);
        Physiology p = new Physiology(b, new Scenario(s.name(), "", s.durationHours(), 0, "08:00", s.fever(),
                List.of(), null, new Scenario.Episodes(0, 1), new Scenario.Episodes(0, 1), null, null), 1);
        VitalState plateau = p.at(36 * 3600);
        assertThat(plateau.temp()).isCloseTo(38.9, org.assertj.core.data.Offset.offset(0.01));
        assertThat(plateau.hr() - b.hr()).isCloseTo(10 * (38.9 - 36.6), org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void crsGrade2CuffSeesHypotensionAndOximeterSeesHypoxaemia() {
        List<Emission> all = Traces.all("crs-grade2", 11, 0, Traces.profile(1, Duration.ofMinutes(5)));
        OptionalDouble lateSbp = all.stream().filter(e -> e.kind() == DeviceKind.BP_CUFF && e.channel() == Channel.SENML
                        && e.simHours() > 44)
                .mapToDouble(e -> e.pack().records().get(0).canonical()).max();
        OptionalDouble lateSpo2 = all.stream().filter(e -> e.kind() == DeviceKind.OXIMETER && e.channel() == Channel.SENML
                        && e.simHours() > 44)
                .mapToDouble(e -> e.pack().records().get(0).canonical()).average();
        assertThat(lateSbp.orElseThrow()).isLessThan(90);
        assertThat(lateSpo2.orElseThrow()).isLessThan(90);
    }

    @Test
    void motionBurstsLowerPerfusionIndexReadings() {
        List<Emission> all = Traces.all("normal", 5, 0, Traces.profile(1, Duration.ofSeconds(30)));
        Physiology truth = new PatientTrace(PatientKit.pseudonymous(5, 0, ScenarioLibrary.load("normal")),
                Traces.profile(1, Duration.ofSeconds(30)), 5).physiology();
        double moving = all.stream().filter(e -> e.kind() == DeviceKind.OXIMETER && e.channel() == Channel.SENML
                && truth.at(e.simHours() * 3600).moving()).mapToDouble(e -> e.pack().records().get(2).canonical())
                .average().orElseThrow();
        double still = all.stream().filter(e -> e.kind() == DeviceKind.OXIMETER && e.channel() == Channel.SENML
                && !truth.at(e.simHours() * 3600).moving() && !truth.at(e.simHours() * 3600).lowPerfusion())
                .mapToDouble(e -> e.pack().records().get(2).canonical()).average().orElseThrow();
        assertThat(moving).isLessThan(still * 0.6);
    }
}
