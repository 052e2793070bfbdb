package org.homeward.gateway.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Settings defaults and bounds, and the package's import rule (no transport library in ingest code). */
@Timeout(10)
class SenmlSettingsTest {

    @Test
    void defaultsAreTheDocumentedValues() {
        SenmlSettings d = SenmlSettings.defaults();
        assertThat(d.maxPayloadBytes()).isEqualTo(65_536);
        assertThat(d.maxRecords()).isEqualTo(512);
        assertThat(d.futureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.maxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(d.lateAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.pairingWindow()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.piLowConfidencePercent()).isEqualTo(0.6);
        assertThat(d.piRejectPercent()).isEqualTo(0.2);
        assertThat(d.spo2ValidatedMinPercent()).isEqualTo(70.0);
        assertThat(d.minPulsePressureMmHg()).isEqualTo(10.0);
    }

    @Test
    void outOfBoundsSettingsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new SenmlSettings(0, 512, Duration.ofMinutes(5), Duration.ofDays(30),
                Duration.ofMinutes(2), Duration.ofSeconds(1), 0.6, 0.2, 70, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPayloadBytes");
        assertThatThrownBy(() -> new SenmlSettings(65_536, 512, Duration.ofMinutes(-1), Duration.ofDays(30),
                Duration.ofMinutes(2), Duration.ofSeconds(1), 0.6, 0.2, 70, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("futureSkew");
        assertThatThrownBy(() -> new SenmlSettings(65_536, 512, Duration.ofMinutes(5), Duration.ofDays(30),
                Duration.ofMinutes(2), Duration.ofSeconds(1), 0.2, 0.6, 70, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("piRejectPercent");
    }

    @Test
    void theSenmlPackageImportsNoTransportLibrary() throws IOException {
        String root = System.getProperty("homeward.repo.root", "..");
        Path dir = Path.of(root, "gateway/src/main/java/org/homeward/gateway/ingest/senml");
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
        assertThat(sources).isNotEmpty();
        for (Path source : sources) {
            assertThat(Files.readString(source)).as(source.toString())
                    .doesNotContain("import io.netty").doesNotContain("import org.eclipse.californium")
                    .doesNotContain("import org.eclipse.paho");
        }
    }
}
