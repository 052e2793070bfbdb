package org.homeward.gateway.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.ingest.RecordRejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pack under {@code config/samples/} decodes to what its {@code <name>.expected.json} says.
 * device-sim reads the same files, so gateway and simulator agree on the contract without sharing code.
 */
@Timeout(30)
class SenmlGoldenSamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path samplesDir() {
        String root = System.getProperty("homeward.repo.root", "..");
        return Path.of(root, "config", "samples");
    }

    static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(samplesDir())) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return (n.endsWith(".json") && !n.endsWith(".expected.json")) || n.endsWith(".cbor");
            }).sorted().collect(Collectors.toList());
        }
    }

    static Path expectedFor(Path sample) {
        String n = sample.getFileName().toString();
        return sample.resolveSibling(n.substring(0, n.lastIndexOf('.')) + ".expected.json");
    }

    @Test
    void theSampleSetIsCompleteAndEveryExpectationHasASample() throws IOException {
        List<Path> samples = samples();
        assertThat(samples).hasSizeGreaterThanOrEqualTo(12)
                .anyMatch(p -> p.toString().endsWith(".cbor"));
        try (Stream<Path> files = Files.list(samplesDir())) {
            List<Path> expectations = files.filter(p -> p.toString().endsWith(".expected.json")).collect(Collectors.toList());
            for (Path e : expectations) {
                String base = e.getFileName().toString().replace(".expected.json", "");
                assertThat(samples).as("sample for %s", e).anyMatch(s -> s.getFileName().toString().startsWith(base + "."));
            }
        }
        assertThat(samplesDir().resolve("README.md")).exists();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleDecodesAsExpected(Path sample) throws IOException {
        Path expectedFile = expectedFor(sample);
        assertThat(expectedFile).as("expected-result file").exists();
        JsonNode expected = JSON.readTree(expectedFile.toFile());
        PayloadFormat format = sample.toString().endsWith(".cbor") ? PayloadFormat.SENML_CBOR : PayloadFormat.SENML_JSON;
        byte[] payload = Files.readAllBytes(sample);
        long receivedAt = expected.get("receivedAtMillis").asLong();
        if (!expected.get("failure").isNull()) {
            IngestException e = catchThrowableOfType(IngestException.class,
                    () -> Packs.DEFAULT.decode(format, payload, "dev-golden", "p-golden", receivedAt));
            assertThat(e).as("whole-pack failure").isNotNull();
            assertThat(e.reason().name()).isEqualTo(expected.get("failure").asText());
            return;
        }
        PackResult result = Packs.DEFAULT.decode(format, payload, "dev-golden", "p-golden", receivedAt);
        JsonNode readings = expected.get("readings");
        assertThat(result.readings()).as("readings").hasSize(readings.size());
        for (int i = 0; i < readings.size(); i++) {
            JsonNode want = readings.get(i);
            Reading got = result.readings().get(i);
            assertThat(got.vital().senmlName()).as("vital %d", i).isEqualTo(want.get("vital").asText());
            assertThat(got.value()).as("value %d", i).isCloseTo(want.get("value").asDouble(), within(1e-6));
            assertThat(got.vital().ucum()).as("unit %d", i).isEqualTo(want.get("unit").asText());
            assertThat(got.measuredAtMillis()).as("time %d", i).isEqualTo(want.get("measuredAtMillis").asLong());
            assertThat(got.quality().name()).as("quality %d", i).isEqualTo(want.get("quality").asText());
            assertThat(got.late()).as("late %d", i).isEqualTo(want.get("late").asBoolean());
            assertThat(got.deviceId()).isEqualTo("dev-golden");
        }
        JsonNode rejections = expected.get("rejections");
        assertThat(result.rejections()).as("rejections").hasSize(rejections.size());
        for (int i = 0; i < rejections.size(); i++) {
            RecordRejection got = result.rejections().get(i);
            assertThat(got.index()).isEqualTo(rejections.get(i).get("index").asInt());
            assertThat(got.reason().name()).isEqualTo(rejections.get(i).get("reason").asText());
            assertThat(got.detail()).isNotBlank();
        }
        assertThat(result.warnings()).as("warnings").hasSize(expected.get("warnings").asInt());
    }

    @Test
    void cborSamplesAreTheCborFormOfTheirJsonTwins() throws IOException {
        for (Path sample : samples()) {
            String n = sample.toString();
            if (n.endsWith(".cbor")) {
                Path twin = Path.of(n.substring(0, n.length() - ".cbor".length()) + ".json");
                assertThat(Files.readAllBytes(sample)).as("%s regenerated from %s", sample, twin)
                        .isEqualTo(SenmlCborWriter.fromJson(Files.readAllBytes(twin)));
            }
        }
    }
}
