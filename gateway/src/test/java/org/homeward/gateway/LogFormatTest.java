package org.homeward.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HOMEWARD_LOG_FORMAT: text (default) or json, chosen in logback.xml; anything else refused at start. */
@Timeout(60)
class LogFormatTest {

    @Test
    void onlyTextAndJsonAreLogFormats() {
        assertThat(GatewayMain.badLogFormat(null)).isNull();
        assertThat(GatewayMain.badLogFormat("text")).isNull();
        assertThat(GatewayMain.badLogFormat("json")).isNull();
        assertThat(GatewayMain.badLogFormat("xml")).contains("HOMEWARD_LOG_FORMAT='xml' is not a log format");
    }

    @Test
    void givenJsonFormatWhenTheGatewayStartsThenEachStderrLineIsAJsonObjectWithTheFormattedMessage(@TempDir Path dir)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path config = Path.of(System.getProperty("homeward.repo.root", "..")).resolve("config/gateway.yaml");
        // the shipped logback.xml, not the tests' own logback-test.xml
        Path shipped = config.getParent().resolveSibling("gateway/src/main/resources/logback.xml");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Dlogback.configurationFile=" + shipped,
                "-cp", System.getProperty("java.class.path"),
                GatewayMain.class.getName(), "--config", config.toString(), "--set", "data.dir=" + dir.resolve("data"),
                "--set", "mqtt.port=0", "--set", "coaps.port=0", "--set", "http.port=0", "--set", "mqtt.host=127.0.0.1",
                "--set", "coap.host=127.0.0.1", "--set", "http.host=127.0.0.1"));
        pb.environment().put("HOMEWARD_LOG_FORMAT", "json");
        pb.redirectError(dir.resolve("stderr").toFile()).redirectOutput(dir.resolve("stdout").toFile());
        Process p = pb.start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(45))
                    .until(() -> Files.readString(dir.resolve("stderr")).contains("listening: "));
        } finally {
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }

        List<String> lines = Files.readAllLines(dir.resolve("stderr"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThan(3).allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain("{}").contains("\"formattedMessage\""));
    }
}
