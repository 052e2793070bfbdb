package org.homeward.gateway.clinical.scenario;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.homeward.gateway.clinical.Rules;
import org.homeward.sim.model.VitalState;

/**
 * One simulated patient of the suite: scenario, seed, patient index and how many simulated hours to
 * play (0 = all). {@link #expected()} lists the physiological triggers the scenario must raise; in a
 * scenario with none every HIGH alarm is false.
 */
record ScenarioCase(String scenario, long seed, int patient, double hours) {

    /** The rules each bundled scenario is written to trigger (see the scenario YAML files). */
    static final Map<String, List<String>> EXPECTED = Map.of(
            "crs-grade1", List.of(Rules.CRS_FEVER),
            "crs-grade2", List.of(Rules.CRS_FEVER, Rules.TACHY, Rules.HYPOTENSION, Rules.HYPOXAEMIA),
            "infection-fever", List.of(Rules.CRS_FEVER),
            "hypotension", List.of(Rules.HYPOTENSION),
            "isolated-hypoxaemia", List.of(Rules.HYPOXAEMIA));

    /** The noise-free condition of each rule, for the time from the true crossing (motion excluded). */
    static final Map<String, Predicate<VitalState>> TRUTH = Map.of(
            Rules.CRS_FEVER, v -> v.temp() >= 38.0,
            Rules.TACHY, v -> v.hr() >= 131 && !v.moving(),
            Rules.HYPOTENSION, v -> v.sbp() < 90,
            Rules.HYPOXAEMIA, v -> v.spo2() < 90);

    List<String> expected() {
        return EXPECTED.getOrDefault(scenario, List.of());
    }

    /** True for the well-patient scenarios: every HIGH alarm there is a false alarm. */
    boolean normal() {
        return expected().isEmpty();
    }

    @Override
    public String toString() {
        return scenario + "/seed " + seed + "/patient " + patient;
    }
}
