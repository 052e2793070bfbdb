package org.homeward.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.homeward.gateway.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class ComponentSettingsTest {
    private static final Path REPO = Files.exists(Path.of("config/gateway.yaml")) ? Path.of(".") : Path.of("..");

    @Test
    void theApiNeverOffersALongerShelveThanTheClinicalLayerKeeps() {
        ComponentSettings s = new ComponentSettings(
                ConfigLoader.load(REPO.resolve("config/gateway.yaml"), Map.of(), Map.of()));
        long clinicalMinutes = s.clinical().escalation().shelveMaxMillis() / 60_000L;
        assertThat(clinicalMinutes).isPositive();
        assertThat(s.http().maxShelveMinutes()).isEqualTo((int) Math.min(60, clinicalMinutes));
    }

    @Test
    void givenTheShippedConfig_whenLoaded_thenTheRulesGetTheReorderHorizonAndAnOutOfRangeOneIsRefused() {
        ComponentSettings shipped = new ComponentSettings(
                ConfigLoader.load(REPO.resolve("config/gateway.yaml"), Map.of(), Map.of()));
        assertThat(shipped.clinical().reorderHorizonMillis()).isEqualTo(3 * 3_600_000L);
        ComponentSettings halfHour = new ComponentSettings(ConfigLoader.load(REPO.resolve("config/gateway.yaml"),
                Map.of("processing.reorder-horizon", "30m"), Map.of()));
        assertThat(halfHour.clinical().reorderHorizonMillis()).isEqualTo(30 * 60_000L);
        assertThatThrownBy(() -> ConfigLoader.load(REPO.resolve("config/gateway.yaml"),
                Map.of("processing.reorder-horizon", "25h"), Map.of()))
                .hasMessageContaining("processing.reorder-horizon");
    }
}
