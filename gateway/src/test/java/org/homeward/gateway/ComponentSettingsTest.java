package org.homeward.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
}
