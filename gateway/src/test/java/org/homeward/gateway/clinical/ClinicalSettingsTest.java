package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.OXI;
import static org.homeward.gateway.clinical.Fixture.S;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Defaults, validation, per-patient overrides and the package's dependency rule. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClinicalSettingsTest {

    @Test
    void defaultsMatchTheSpecification() {
        ClinicalSettings s = ClinicalSettings.defaults();
        assertThat(s.thresholds().feverC()).isEqualTo(38.0);
        assertThat(s.thresholds().spo2Low()).isEqualTo(90);
        assertThat(s.thresholds().tachyHr()).isEqualTo(131);
        assertThat(s.delays().spo2Millis()).isEqualTo(30 * S);
        assertThat(s.delays().maxHoldMillis()).isEqualTo(2 * MIN);
        assertThat(s.escalation().highSteps()).containsExactly(60 * S, 3 * MIN);
        assertThat(s.escalation().mediumSteps()).containsExactly(10 * MIN);
        assertThat(s.escalation().reAlertHigh()).isEqualTo(15 * MIN);
        assertThat(s.escalation().reAlertMedium()).isEqualTo(60 * MIN);
        assertThat(s.news2FreshnessMillis()).isEqualTo(60 * MIN);
        assertThat(s.priorities().of(Rules.TACHY, DayWindow.REDUCED)).isEqualTo(Priority.MEDIUM);
        assertThat(s.priorities().of(Rules.CRS_PREFEVER, DayWindow.HIGH_RISK)).isEqualTo(Priority.MEDIUM);
    }

    @Test
    void inconsistentValuesAreRefusedWithAReason() {
        assertThatThrownBy(() -> Thresholds.defaults().withSpo2(90, 88))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spo2Clear");
        assertThatThrownBy(() -> new Escalation(List.of(180_000L, 60_000L), List.of(), List.of(), 0, 0, 0, 1))
                .hasMessageContaining("ascend");
        assertThatThrownBy(() -> ClinicalSettings.defaults().withNews2Freshness(0, 1))
                .hasMessageContaining("freshness");
    }

    @Test
    void overrideAppliesToThePatientAndIsKeptWithWhoWhenWhy() {
        Fixture f = new Fixture();
        ClinicalSettings lowered = f.monitor.settings().withThresholds(Thresholds.defaults().withSpo2(88, 90));
        f.collect(f.monitor.applyOverride(new ThresholdOverride(lowered, "dr-b", f.now, "COPD, target 88-92")));
        f.stream(OXI, Vital.SPO2, 89, S, 60 * S);
        assertThat(f.open(Rules.HYPOXAEMIA)).isEmpty();
        f.stream(OXI, Vital.SPO2, 87, S, 30 * S);
        assertThat(f.open(Rules.HYPOXAEMIA)).isPresent();
        assertThat(f.monitor.overrides()).singleElement().satisfies(o -> {
            assertThat(o.user()).isEqualTo("dr-b");
            assertThat(o.reason()).contains("COPD");
        });
    }

    @Test
    void overrideWithoutReasonIsRefused() {
        assertThatThrownBy(() -> new ThresholdOverride(ClinicalSettings.defaults(), "dr-b", 0, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clinicalCodeImportsOnlyTheJdkAndTheGatewaySeams() throws IOException {
        Path dir = Path.of(System.getProperty("homeward.repo.root", ".."),
                "gateway/src/main/java/org/homeward/gateway/clinical");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("src/main/java/org/homeward/gateway/clinical");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> bad = files.flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(l -> l.startsWith("import ")).filter(l -> !l.matches("import (static )?(java\\.|org\\.homeward\\.gateway\\.(domain|processing|clinical)\\.).*"))
                    .toList();
            assertThat(bad).isEmpty();
        }
    }
}
