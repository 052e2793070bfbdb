package org.homeward.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.homeward.sim.model.PatientKit;
import org.homeward.sim.provision.Credential;
import org.homeward.sim.provision.CredentialsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Proves the MQTT client path (Paho 3.1.1 and 5, JSON and CBOR) against a real broker, without the gateway. */
@Timeout(90)
class RunAgainstMosquittoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private record Received(String topic, String contentType, byte[] payload) {
    }

    @Test
    void runPublishesParsableSenmlOverBothMqttVersions(@TempDir Path dir) throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir)) {
            Path creds = dir.resolve("creds.json");
            CredentialsFile.write(creds, List.of(
                    cred(0, "patch"), cred(0, "oximeter"), cred(0, "bp-cuff"),
                    cred(1, "patch"), cred(1, "oximeter"), cred(1, "bp-cuff")));
            Queue<Received> got = new ConcurrentLinkedQueue<>();
            MqttClient sub = new MqttClient("tcp://127.0.0.1:" + broker.port, "test-sub", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            sub.connect(o);
            sub.subscribe(new MqttSubscription[] {new MqttSubscription("v1/devices/#", 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, m) -> got.add(
                            new Received(topic, m.getProperties().getContentType(), m.getPayload()))});

            int exit = SimMain.commandLine().execute("run", "--creds", creds.toString(), "--patients", "2",
                    "--mqtt", "127.0.0.1:" + broker.port, "--coap-ratio", "0", "--mqtt5-ratio", "0.5",
                    "--cbor-ratio", "0.5", "--scenario", "crs-grade1,neurotox", "--time-scale", "36000",
                    "--manual-out", dir.resolve("manual.jsonl").toString(),
                    "--oximeter-interval", "200ms", "--patch-interval", "500ms", "--status-interval", "1s",
                    "--duration", "4s", "--progress", "1s", "--seed", "42");
            sub.disconnect();
            sub.close();

            assertThat(exit).isZero();
            // neurotox checks every 8 simulated hours; 4 s at 36000x is 40 h
            assertThat(java.nio.file.Files.readAllLines(dir.resolve("manual.jsonl")))
                    .hasSize(4).allMatch(l -> l.matches("\\{\"patientId\":\"p-[0-9a-f]{6}\",\"time\":[0-9.]+,\"ice\":10}"));
            List<Received> senml = got.stream().filter(r -> r.topic.contains("/senml")).toList();
            assertThat(senml).hasSizeGreaterThan(20);
            assertThat(got.stream().filter(r -> r.topic.endsWith("/status"))).isNotEmpty();
            for (Received r : senml) {
                boolean cbor = r.topic.endsWith("/senml/cbor") || "application/senml+cbor".equals(r.contentType);
                JsonNode pack = (cbor ? CBOR : JSON).readTree(r.payload);
                assertThat(pack.isArray()).as(r.topic).isTrue();
                assertThat(pack.get(0).has(cbor ? "-2" : "bn")).as(r.topic).isTrue();
            }
            // MQTT 5 devices announce the format in Content Type, MQTT 3.1.1 devices cannot
            assertThat(senml).anyMatch(r -> r.contentType != null);
            assertThat(senml).anyMatch(r -> r.contentType == null);
            assertThat(senml).anyMatch(r -> r.topic.endsWith("/senml/cbor") || "application/senml+cbor".equals(r.contentType));
        }
    }

    private static Credential cred(int patient, String kind) {
        PatientKit kit = PatientKit.pseudonymous(99, patient, null);
        return new Credential(kit.devices().get(org.homeward.sim.model.DeviceKind.fromCliName(kind)), "s3cret",
                kit.patientId(), kind);
    }
}
