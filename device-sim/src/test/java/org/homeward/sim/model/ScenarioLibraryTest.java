package org.homeward.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ScenarioLibraryTest {
    @Test
    void everyBundledScenarioLoadsAndNamesItself() {
        for (String name : ScenarioLibrary.BUNDLED) {
            assertThat(ScenarioLibrary.load(name).name()).isEqualTo(name);
        }
    }

    @Test
    void loadsFromAPath(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, "name: mine\ndurationHours: 2\nfever: {crossAtHour: 1}\n");
        Scenario s = ScenarioLibrary.load(f.toString());
        assertThat(s.name()).isEqualTo("mine");
        assertThat(s.fever().speed()).isEqualTo(1.0);
    }

    @Test
    void typosAndBadValuesAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "name: t\ndurationHours: 2\nfevr: {crossAtHour: 1}\n");
        assertThatThrownBy(() -> ScenarioLibrary.load(typo.toString())).hasMessageContaining("fevr");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: t\ndurationHours: 2\nfaults: {duplicates: {toaster: 1}}\n");
        assertThatThrownBy(() -> ScenarioLibrary.load(bad.toString())).hasMessageContaining("toaster");
        assertThatThrownBy(() -> ScenarioLibrary.load("no-such-scenario")).hasMessageContaining("bundled");
    }

    @Test
    void mixAssignsExactSharesDeterministically() {
        Map<String, Double> mix = Population.parseMix("normal:7,crs-grade1:2,hypotension");
        List<String> a = Population.assign(mix, 10, 5);
        assertThat(a).hasSize(10);
        assertThat(a.stream().filter("normal"::equals).count()).isEqualTo(7);
        assertThat(a.stream().filter("crs-grade1"::equals).count()).isEqualTo(2);
        assertThat(a).isEqualTo(Population.assign(mix, 10, 5));
    }

    @Test
    void pseudonymsAreUniqueAndShaped() {
        java.util.Set<String> patients = new java.util.HashSet<>();
        java.util.Set<String> devices = new java.util.HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            PatientKit kit = PatientKit.pseudonymous(42, i, null);
            assertThat(patients.add(kit.patientId())).as(kit.patientId()).isTrue();
            kit.devices().values().forEach(d -> assertThat(devices.add(d)).as(d).isTrue());
        }
        assertThat(patients).allMatch(p -> p.matches("p-[0-9a-f]{6}"));
        assertThat(devices).allMatch(d -> d.matches("d-[0-9a-f]{8}"));
        assertThat(PatientKit.pseudonymous(43, 0, null).patientId()).isNotEqualTo(PatientKit.pseudonymous(42, 0, null).patientId());
    }
}
