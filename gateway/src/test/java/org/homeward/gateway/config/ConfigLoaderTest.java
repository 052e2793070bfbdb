package org.homeward.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ConfigLoaderTest {
    static final Path REPO = Path.of(System.getProperty("homeward.repo.root", ".."));

    @Test
    void shippedConfigNamesEverySettingAndNothingElse() throws IOException {
        Set<String> keys = new TreeSet<>();
        flatten("", new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve("config/gateway.yaml").toFile()), keys);
        assertThat(keys).isEqualTo(new TreeSet<>(GatewaySettings.ALL.keySet()));
        GatewayConfig cfg = ConfigLoader.load(REPO.resolve("config/gateway.yaml"), Map.of(), Map.of());
        GatewaySettings.ALL.values().forEach(s ->
                assertThat(cfg.asMap().get(s.key())).as(s.key() + " shipped value equals its default").isEqualTo(s.defaultValue()));
    }

    @Test
    void productionProfileLoadsWithOnlySecureListeners() {
        GatewayConfig cfg = ConfigLoader.load(REPO.resolve("config/gateway-production.yaml"), Map.of(), Map.of());
        assertThat(cfg.bool(GatewaySettings.MQTT_ENABLED)).isFalse();
        assertThat(cfg.bool(GatewaySettings.COAP_ENABLED)).isFalse();
        assertThat(cfg.bool(GatewaySettings.MQTT_TLS_ENABLED)).isTrue();
        assertThat(cfg.bool(GatewaySettings.COAPS_ENABLED)).isTrue();
    }

    private static void flatten(String prefix, JsonNode node, Set<String> keys) {
        node.fields().forEachRemaining(e -> {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                flatten(key, e.getValue(), keys);
            } else {
                keys.add(key);
            }
        });
    }

    @Test
    void overridesComeFromTheEnvironmentThenSet(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("g.yaml");
        Files.writeString(f, "mqtt:\n  port: 1000\nhttp:\n  port: 2000\n");
        GatewayConfig cfg = ConfigLoader.load(f, Map.of("mqtt.port", "3000"),
                Map.of("HOMEWARD_MQTT_PORT", "4000", "HOMEWARD_HTTP_PORT", "5000"));
        assertThat(cfg.integer(GatewaySettings.MQTT_PORT)).isEqualTo(3000);
        assertThat(cfg.integer(GatewaySettings.HTTP_PORT)).isEqualTo(5000);
    }

    @Test
    void everyProblemIsListedWithWhereKeyValueAndWhy(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "mqtt:\n  port: 70000\n  prot: 1\njournal:\n  fsync: maybe\n  segment-bytes: 12 apples\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of("http.port", "x"), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        f + ": mqtt.port = '70000': out of range 0 .. 65535",
                        f + ": mqtt.prot: unknown setting",
                        f + ": journal.fsync = 'maybe': expected true or false",
                        f + ": journal.segment-bytes = '12 apples': expected a size such as 65536, 64KiB, 512MiB or 2GiB",
                        "--set: http.port = 'x': expected a whole number"));
    }

    @Test
    void aMissingFileOrBrokenYamlIsAnError(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of(), Map.of()))
                .hasMessageContaining("no such file");
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, "mqtt: [1, 2\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of())).hasMessageContaining("not valid YAML");
    }

    @Test
    void productionRefusesPlainTextListeners() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("profile", "production", "mqtt.enabled", "true",
                "http.secure-cookies", "true"), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains("mqtt.enabled") && p.contains("not allowed in production")));
    }

    @Test
    void durationsAndSizesParse() {
        GatewayConfig cfg = ConfigLoader.load(null, Map.of("mqtt.connect-timeout", "1500ms",
                "journal.segment-bytes", "1MiB", "journal.retention", "2d"), Map.of());
        assertThat(cfg.duration(GatewaySettings.MQTT_CONNECT_TIMEOUT).toMillis()).isEqualTo(1500);
        assertThat(cfg.longValue(GatewaySettings.JOURNAL_SEGMENT)).isEqualTo(1 << 20);
        assertThat(cfg.duration(GatewaySettings.JOURNAL_RETENTION).toDays()).isEqualTo(2);
    }
}
