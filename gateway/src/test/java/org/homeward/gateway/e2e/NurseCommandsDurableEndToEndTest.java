package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: with the journal at its disk limit an acknowledgement answered 200 and was gone after a
 * restart. Through the real HTTP API with a real full journal ({@code journal.max-bytes}), then a
 * restart of the gateway on the same data directory.
 */
@Timeout(180)
class NurseCommandsDurableEndToEndTest {
    private static final Map<String, String> SMALL_JOURNAL = Map.of("journal.segment-bytes", "64KiB",
            "journal.max-bytes", "96KiB", "ingest.device-rate", "0");

    @TempDir
    Path dir;

    private static String pack(int i) {
        StringBuilder b = new StringBuilder("[{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":70,\"t\":-60}");
        for (int k = 1; k < 40; k++) {
            b.append(",{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":").append(60 + (i + k) % 30).append(",\"t\":")
                    .append(-60 + k).append('}');
        }
        return b.append(']').toString();
    }

    /** Publishes large packs until the journal refuses with 0x97 (quota exceeded). */
    private static void fillJournal(GatewayFixture gw, String device, String secret) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + gw.port("mqtt"), "c-fill", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(device);
        o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        c.connect(o).waitForCompletion(20_000);
        try {
            int code = 0;
            for (int i = 0; i < 2000 && code == 0; i++) {
                MqttMessage m = new MqttMessage(pack(i).getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                IMqttToken t = c.publish("v1/devices/" + device + "/senml", m);
                t.waitForCompletion(20_000);
                code = t.getReasonCodes()[0];
            }
            assertThat(code).isEqualTo(0x97);
        } finally {
            c.disconnect().waitForCompletion(10_000);
            c.close();
        }
    }

    private static JsonNode openAlarm(GatewayFixture gw, String rule) throws Exception {
        for (JsonNode a : gw.getJson("/api/alarms?open=true").path("alarms")) {
            if (a.path("rule").asText().equals(rule)) {
                return a;
            }
        }
        return null;
    }

    @Test
    void givenAFullJournal_whenANurseAcknowledgesShelvesOrEnters_thenEachGets503AndNothingIsLostOverARestart()
            throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-full");
            String secret = gw.device("d-full", "p-full", "patch");
            gw.start(SMALL_JOURNAL);
            // given: an open alarm (a seizure entered by the nurse), then a journal at its limit
            assertThat(gw.post("/api/patients/p-full/entries", "{\"kind\":\"SEIZURE\"}").statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> openAlarm(gw, "ICANS-SUSPECT") != null);
            JsonNode alarm = openAlarm(gw, "ICANS-SUSPECT");
            String id = alarm.path("id").asText();
            fillJournal(gw, "d-full", secret);

            // when / then: every nurse change is refused with 503 and says why
            HttpResponse<String> ack = gw.post("/api/alarms/" + id + "/ack", "{\"note\":\"seen\"}");
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(503);
            assertThat(ack.body()).contains("could not be stored", "disk limit").doesNotContain("Exception");
            HttpResponse<String> shelve = gw.post("/api/alarms/" + id + "/shelve", "{\"minutes\":15}");
            assertThat(shelve.statusCode()).as(shelve.body()).isEqualTo(503);
            HttpResponse<String> entry = gw.post("/api/patients/p-full/entries", "{\"kind\":\"ICE_SCORE\",\"value\":7}");
            assertThat(entry.statusCode()).as(entry.body()).isEqualTo(503);
            assertThat(entry.body()).contains("could not be stored");
            // the view shows what is stored: the alarm is still open and unacknowledged
            assertThat(openAlarm(gw, "ICANS-SUSPECT").path("state").asText()).isEqualTo(alarm.path("state").asText());

            // and after a restart the alarm is there, as it was before the refused commands
            gw.stop();
            gw.startAgainOnSamePorts(SMALL_JOURNAL);
            // a loaded machine may take a while to replay and answer; a request that times out is asked again
            JsonNode after = await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> openAlarm(gw, "ICANS-SUSPECT"), a -> a != null);
            assertThat(after).as("the alarm survives the restart").isNotNull();
            assertThat(after.path("id").asText()).isEqualTo(id);
            assertThat(after.path("state").asText()).isEqualTo(alarm.path("state").asText());
            assertThat(Files.readString(dir.resolve("audit/audit.log"))).doesNotContain("alarm.ack", "alarm.shelve");
        }
    }
}
