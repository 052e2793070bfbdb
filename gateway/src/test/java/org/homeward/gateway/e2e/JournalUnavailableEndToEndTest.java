package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Issue 15: after one failed journal segment roll (EMFILE under a descriptor flood) the gateway
 * refused every reading until restart while {@code /health} said UP. The failure here is a real
 * file-system condition (a directory where the next segment file must go), caused and removed by
 * the test; the device is a real MQTT 5 client.
 */
@Timeout(120)
class JournalUnavailableEndToEndTest {
    @TempDir
    Path dir;

    private static int publish(MqttAsyncClient c, String device, int i) throws Exception {
        MqttMessage m = new MqttMessage(("[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":36." + (i % 10) + "}]")
                .getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        // Paho frees an in-flight slot just after completing the previous token: retry "too many in progress"
        IMqttToken t = await().atMost(Duration.ofSeconds(10)).ignoreExceptionsMatching(
                e -> e instanceof org.eclipse.paho.mqttv5.common.MqttException me
                        && me.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT)
                .until(() -> c.publish("v1/devices/" + device + "/senml", m), java.util.Objects::nonNull);
        t.waitForCompletion(20_000);
        return t.getReasonCodes()[0];
    }

    @Test
    void givenTheJournalCannotRoll_thenHealthIsDownWithATechnicalAlarm_andIngestResumesByItselfWhenTheCauseGoes()
            throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-roll");
            String secret = gw.device("d-roll", "p-roll", "patch");
            gw.start(Map.of("journal.segment-bytes", "64KiB"));
            MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + gw.port("mqtt"), "c-roll",
                    new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("d-roll");
            o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
            o.setAutomaticReconnect(false);
            c.connect(o).waitForCompletion(20_000);
            try {
                assertThat(publish(c, "d-roll", 0)).isZero();
                // given: every segment file a roll could create (the first segment starts at 1) is blocked
                List<Path> blockers = new ArrayList<>();
                for (long s = 2; s <= 2000; s++) {
                    blockers.add(Files.createDirectory(dir.resolve("journal").resolve(String.format("%020d.seg", s))));
                }
                // when: readings arrive until the journal must start a new segment
                int code = 0;
                for (int i = 1; i < 2000 && code == 0; i++) {
                    code = publish(c, "d-roll", i);
                }
                // then: the device is told the reading was not stored, /health is down with a technical alarm
                assertThat(code).isEqualTo(0x80);
                HttpResponse<String> down = gw.get("/health", false);
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("GATEWAY-JOURNAL-UNAVAILABLE");
                assertThat(gw.metric("homeward_gateway_technical_alarm", "GATEWAY-JOURNAL-UNAVAILABLE")).isEqualTo(1.0);
                assertThat(publish(c, "d-roll", 500)).isEqualTo(0x80);

                // when the cause goes away, ingest resumes without a restart and the alarm clears
                for (Path b : blockers) {
                    Files.delete(b);
                }
                await().atMost(Duration.ofSeconds(15)).until(() -> gw.get("/health", false).statusCode() == 200);
                assertThat(gw.get("/health", false).body()).doesNotContain("GATEWAY-JOURNAL-UNAVAILABLE");
                assertThat(publish(c, "d-roll", 501)).isZero();
            } finally {
                c.disconnect().waitForCompletion(10_000);
                c.close();
            }
        }
    }
}
