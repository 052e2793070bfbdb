package org.homeward.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.homeward.gateway.config.ConfigLoader;
import org.homeward.gateway.forward.Forwarder;
import org.homeward.gateway.forward.Forwarders;
import org.homeward.gateway.journal.SegmentedJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentSettingsTest {
    private static final Path REPO = Files.exists(Path.of("config/gateway.yaml")) ? Path.of(".") : Path.of("..");

    @Test
    void givenShardsZeroThenOnePerAvailableCoreAndAnExplicitCountIsKept() {
        ComponentSettings shipped = new ComponentSettings(
                ConfigLoader.load(REPO.resolve("config/gateway.yaml"), Map.of(), Map.of()));
        assertThat(shipped.shards().shards()).as("shipped").isEqualTo(2);
        ComponentSettings auto = new ComponentSettings(
                ConfigLoader.load(REPO.resolve("config/gateway.yaml"), Map.of("processing.shards", "0"), Map.of()));
        int cores = Math.min(8, Runtime.getRuntime().availableProcessors());
        assertThat(auto.shards().shards()).as("0: one per core").isEqualTo(cores);
        ComponentSettings three = new ComponentSettings(
                ConfigLoader.load(REPO.resolve("config/gateway.yaml"), Map.of("processing.shards", "3"), Map.of()));
        assertThat(three.shards().shards()).isEqualTo(3);
    }

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

    @Test
    void givenClusterMode_whenASinkIsEnabled_thenItsForwarderReadsTheReadingsTopicAndDoesNotHoldTheJournal(
            @TempDir Path dir) throws Exception {
        Map<String, String> set = Map.of("data.dir", dir.toString(), "forward.kafka.enabled", "true",
                "forward.kafka.bootstrap-servers", "127.0.0.1:9", "cluster.enabled", "true", "cluster.node-id", "n1",
                "cluster.kafka.bootstrap-servers", "127.0.0.1:9");
        ComponentSettings s = new ComponentSettings(ConfigLoader.load(REPO.resolve("config/gateway.yaml"), set, Map.of()));
        try (SegmentedJournal journal = SegmentedJournal.open(s.journal(), Clock.systemUTC(), new SimpleMeterRegistry());
             Forwarders cluster = s.clusterForwarders(journal, new SimpleMeterRegistry(), Clock.systemUTC());
             Forwarders local = s.forwarders(journal, new SimpleMeterRegistry(), Clock.systemUTC())) {
            assertThat(cluster.forwarders()).extracting(Forwarder::sinkName).containsExactly("kafka");
            assertThat(cluster.forwarders()).noneMatch(Forwarder::holdsJournal);
            assertThat(local.forwarders()).allMatch(Forwarder::holdsJournal);
            assertThat(local.forwarders()).allMatch(f -> f.ownedPartitions().isEmpty()); // /health unchanged
            assertThat(cluster.forwarders()).allMatch(f -> f.ownedPartitions().isPresent());
        }
    }
}
