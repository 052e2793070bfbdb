package org.homeward.sim.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.homeward.sim.model.Rec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks the simulator against the shared golden samples ({@code config/samples/}, written for the
 * gateway's decoder): for every record the gateway accepts in a unit the simulator also sends
 * ({@code Cel}, {@code /}, {@code 1/s}, {@code Pa}, {@code %EL}, {@code dBW}, booleans), the
 * simulator's idea of the canonical value must equal the gateway's expected value; and every
 * sample the gateway refuses as a whole must fail this module's own shape check. Skipped (with a
 * message) when the samples are not on the branch.
 */
@Timeout(30)
class GoldenSamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SIM_UNITS = Set.of("Cel", "/", "1/s", "Pa", "%EL", "dBW");

    private static Path samples() {
        Path dir = Path.of(System.getProperty("homeward.repo.root", ".."), "config", "samples");
        assumeThat(Files.isDirectory(dir)).as("config/samples not on this branch yet").isTrue();
        return dir;
    }

    private static List<Path> expectations(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".expected.json")).sorted().toList();
        }
    }

    @Test
    void simulatorCanonicalValuesMatchTheGatewayExpectations() throws IOException {
        int compared = 0;
        for (Path exp : expectations(samples())) {
            JsonNode expected = JSON.readTree(exp.toFile());
            if (!expected.path("failure").isNull()) {
                continue;
            }
            Path sample = exp.resolveSibling(exp.getFileName().toString().replace(".expected.json", ".json"));
            JsonNode pack = JSON.readTree(sample.toFile());
            Set<Integer> rejected = new HashSet<>();
            expected.path("rejections").forEach(r -> rejected.add(r.get("index").asInt()));
            String baseUnit = null;
            int reading = 0;
            for (int i = 0; i < pack.size(); i++) {
                JsonNode r = pack.get(i);
                baseUnit = r.has("bu") ? r.get("bu").asText() : baseUnit;
                if (rejected.contains(i)) {
                    continue;
                }
                JsonNode want = expected.get("readings").get(reading++);
                String name = r.get("n").asText();
                assertThat(want.get("vital").asText()).as(sample + "#" + i).isEqualTo(name.equals("pr") ? "hr" : name);
                String unit = r.has("u") ? r.get("u").asText() : baseUnit;
                boolean simUnit = r.has("vb") || (unit != null && SIM_UNITS.contains(unit));
                if (!simUnit || r.has("bver") && r.get("bver").asInt() != 10) {
                    continue;
                }
                Rec rec = r.has("vb") ? new Rec(name, null, null, r.get("vb").asBoolean(), 0, null)
                        : new Rec(name, unit, r.get("v").asDouble(), null, 0, null);
                assertThat(rec.canonical()).as(sample + "#" + i)
                        .isCloseTo(want.get("value").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
                compared++;
            }
        }
        assertThat(compared).as("records compared").isGreaterThanOrEqualTo(8);
    }

    @Test
    void packsTheGatewayRefusesWholeAlsoFailThisModulesShapeCheck() throws IOException {
        int refused = 0;
        for (Path exp : expectations(samples())) {
            if (JSON.readTree(exp.toFile()).path("failure").isNull()) {
                continue;
            }
            Path sample = exp.resolveSibling(exp.getFileName().toString().replace(".expected.json", ".json"));
            List<String> problems;
            try {
                problems = SenmlShape.violations(JSON.readTree(sample.toFile()));
            } catch (IOException unparseable) {
                problems = List.of("unparseable");
            }
            assertThat(problems).as(sample.toString()).isNotEmpty();
            refused++;
        }
        assertThat(refused).isPositive();
    }
}
