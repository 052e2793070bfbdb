package org.homeward.sim.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.homeward.sim.model.Channel;
import org.homeward.sim.model.DeviceKind;
import org.homeward.sim.model.Emission;
import org.homeward.sim.model.Malformation;
import org.homeward.sim.model.Pack;
import org.homeward.sim.model.PatientKit;
import org.homeward.sim.model.PatientTrace;
import org.homeward.sim.model.RunProfile;
import org.homeward.sim.model.ScenarioLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SenmlEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    private static final Map<String, String> CBOR_LABELS = Map.of("-2", "bn", "-3", "bt", "0", "n", "1", "u", "2", "v",
            "4", "vb", "6", "t", "7", "ut");

    private static List<Emission> sample() {
        RunProfile p = new RunProfile(60, null, null, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(20), null);
        List<Emission> out = new ArrayList<>();
        Stream.of("crs-grade2", "device-faults").forEach(s -> new PatientTrace(
                PatientKit.pseudonymous(3, 0, ScenarioLibrary.load(s)), p, 3).forEachRemaining(out::add));
        return out;
    }

    @Test
    void everyWellFormedPackIsValidSenmlJsonWithCorrectUnits() throws IOException {
        int checked = 0;
        for (Emission e : sample()) {
            if (e.channel() == Channel.EVENT || e.malformation() != null) {
                continue;
            }
            JsonNode pack = JSON.readTree(SenmlEncoder.encode(e.pack(), SenmlFormat.JSON));
            assertThat(SenmlShape.violations(pack)).as("%s", pack).isEmpty();
            assertThat(pack.get(0).get("bn").asText()).startsWith("urn:uuid:").endsWith(":");
            checked++;
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void spo2IsARatioHeartRateIsPerSecondAndPressureIsPascal() throws IOException {
        Emission oxi = sample().stream().filter(e -> e.kind() == DeviceKind.OXIMETER && e.flag().isEmpty()).findFirst().orElseThrow();
        Emission cuff = sample().stream().filter(e -> e.kind() == DeviceKind.BP_CUFF && e.channel() == Channel.SENML).findFirst().orElseThrow();
        JsonNode o = JSON.readTree(SenmlEncoder.encode(oxi.pack(), SenmlFormat.JSON));
        JsonNode c = JSON.readTree(SenmlEncoder.encode(cuff.pack(), SenmlFormat.JSON));
        assertThat(o.get(0).get("n").asText()).isEqualTo("spo2");
        assertThat(o.get(0).get("u").asText()).isEqualTo("/");
        assertThat(o.get(0).get("v").asDouble()).isBetween(0.5, 1.0);
        assertThat(o.get(1).get("u").asText()).isEqualTo("1/s");
        assertThat(o.get(0).get("ut").asDouble()).isEqualTo(2.0);
        assertThat(c.get(0).get("u").asText()).isEqualTo("Pa");
        assertThat(c.get(0).get("v").asDouble()).isGreaterThan(8000);
    }

    @Test
    void backfillPackUsesRelativeTimesAfterAnAbsoluteBaseTime() throws IOException {
        Emission backfill = sample().stream().filter(e -> e.flag().equals("backfill")).findFirst().orElseThrow();
        JsonNode pack = JSON.readTree(SenmlEncoder.encode(backfill.pack(), SenmlFormat.JSON));
        assertThat(SenmlShape.violations(pack)).isEmpty();
        assertThat(pack.get(0).has("t")).isFalse();
        assertThat(pack.get(pack.size() - 1).get("t").asDouble()).isPositive();
    }

    @Test
    void cborUsesIntegerLabelsAndCarriesTheSameContent() throws IOException {
        for (Emission e : sample().subList(0, 200)) {
            if (e.channel() == Channel.EVENT || e.malformation() != null) {
                continue;
            }
            JsonNode json = JSON.readTree(SenmlEncoder.encode(e.pack(), SenmlFormat.JSON));
            JsonNode cbor = CBOR.readTree(SenmlEncoder.encode(e.pack(), SenmlFormat.CBOR));
            assertThat(relabel(cbor)).isEqualTo(json);
        }
    }

    private static JsonNode relabel(JsonNode cbor) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode r : cbor) {
            ObjectNode o = out.addObject();
            for (Map.Entry<String, JsonNode> f : r.properties()) {
                assertThat(CBOR_LABELS).containsKey(f.getKey());
                o.set(CBOR_LABELS.get(f.getKey()), f.getValue().isFloatingPointNumber()
                        ? JSON.getNodeFactory().numberNode(f.getValue().asDouble()) : f.getValue());
            }
        }
        return out;
    }

    @Test
    void everyMalformationIsRejectedByTheShapeCheck() {
        Pack good = sample().stream().filter(e -> e.kind() == DeviceKind.OXIMETER).findFirst().orElseThrow().pack();
        for (Malformation m : Malformation.values()) {
            byte[] bad = MalformedPayloads.build(good, m, SenmlFormat.JSON);
            List<String> problems;
            try {
                problems = SenmlShape.violations(JSON.readTree(bad));
            } catch (IOException parseError) {
                problems = List.of("unparseable");
            }
            assertThat(problems).as(m.name()).isNotEmpty();
        }
    }
}
