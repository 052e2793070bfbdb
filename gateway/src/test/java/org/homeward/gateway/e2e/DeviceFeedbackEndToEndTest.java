package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What devices and nurses are told about refusals and disconnects, with real clients against the real gateway
 * (docs/adapter-mqtt.md, docs/coap-adapter.md, docs/clinical.md "Disconnect policy"). Failed before: the MQTT 5
 * Reason String was cut at 120 characters mid-word and named {@code org.homeward.gateway.ingest.IngestException};
 * the CoAP diagnostic was cut at 256 bytes mid-word; every clean disconnect raised DEVICE-OFFLINE.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class DeviceFeedbackEndToEndTest {
    /** Four refused records: the full reason (about 310 bytes) is longer than the old 120-char and 256-byte cuts. */
    static final String REFUSED_PACK = "[{\"bn\":\"urn:dev:d-fb-patch:\",\"n\":\"temp\",\"u\":\"degF\",\"v\":101.2},"
            + "{\"n\":\"temp\",\"u\":\"Cel\",\"v\":52.5},{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":900},"
            + "{\"n\":\"rr\",\"u\":\"1/min\",\"v\":99}]";
    @TempDir
    static Path dir;
    GatewayFixture gw;
    final Map<String, String> secrets = new java.util.HashMap<>();

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayFixture(dir);
        for (String[] d : new String[][] {{"d-fb-patch", "p-fb-1", "patch"}, {"d-fb-cuff", "p-fb-2", "bp-cuff"},
                {"d-fb-oxi", "p-fb-3", "oximeter"}}) {
            gw.patient(d[1]);
            secrets.put(d[0], gw.device(d[0], d[1], d[2]));
        }
        gw.start(Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    private MqttAsyncClient v5(String device, Long maximumPacketSize) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + gw.port("mqtt"), "fb-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(device);
        o.setPassword(secrets.get(device).getBytes(StandardCharsets.UTF_8));
        o.setConnectionTimeout(20);
        if (maximumPacketSize != null) {
            o.setMaximumPacketSize(maximumPacketSize);
        }
        c.connect(o).waitForCompletion(20_000);
        return c;
    }

    private String refusedReason(Long maximumPacketSize) throws Exception {
        MqttAsyncClient c = v5("d-fb-patch", maximumPacketSize);
        try {
            MqttMessage m = new MqttMessage(REFUSED_PACK.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            IMqttToken t = c.publish("v1/devices/d-fb-patch/senml", m);
            t.waitForCompletion(20_000);
            assertThat(t.getReasonCodes()).containsExactly(0x99);
            return t.getResponseProperties().getReasonString();
        } finally {
            c.disconnect().waitForCompletion(10_000);
            c.close();
        }
    }

    @Test
    void givenARefusedPackWhenTheClientAllowsLargePacketsThenTheMqtt5ReasonStringIsWholeAndNamesNoJavaClass()
            throws Exception {
        String reason = refusedReason(null);
        assertThat(reason).startsWith("no_valid_records: #0 unknown_unit: temp unit 'degF' is not accepted")
                .contains("#1 implausible_value: temp 52.5 Cel outside 25.0..45.0 °C")
                .contains("#2 implausible_value: hr 900.0 beat/min outside 20.0..300.0 /min; ")
                .endsWith("#3 implausible_value: rr 99.0 1/min outside 3.0..70.0 /min")
                .doesNotContain("org.homeward", "Exception", "…");
        assertThat(reason.length()).isGreaterThan(120);
    }

    @Test
    void givenASmallClientMaximumPacketSizeThenTheReasonIsCutAtAWordBoundaryWithAnEllipsis() throws Exception {
        String reason = refusedReason(260L);   // Paho applies its limit to its own publish too: leave room for it
        assertThat(reason).endsWith("…").startsWith("no_valid_records: #0");
        assertThat(reason.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(260 - 15);
        String head = reason.substring(0, reason.length() - 1);
        String full = refusedReason(null);
        assertThat(full).startsWith(head);
        assertThat(full.charAt(head.length())).as("the cut falls before a separator, not inside a word")
                .isIn(' ', ';', ',', ':');
    }

    @Test
    void givenARefusedPackOverCoapThenTheDiagnosticPayloadIsTheFullReason() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/coap-client-openssl")),
                "coap-client-openssl not installed (apt-get install libcoap3-bin)");
        String out = run(List.of("/usr/bin/coap-client-openssl", "-m", "post", "-t", "110", "-u", "d-fb-patch",
                "-k", secrets.get("d-fb-patch"), "-B", "30", "-e", REFUSED_PACK,
                "coaps://127.0.0.1:" + gw.port("coaps") + "/v1/senml"));
        assertThat(out).contains("4.00").contains("#1 implausible_value: temp 52.5 Cel outside 25.0..45.0 ")
                .contains("#3 implausible_value: rr 99.0 1/min outside 3.0..70.0 /min").doesNotContain("org.homeward");
    }

    @Test
    void givenMosquittoPubFromAnUploadOnlyKindThenItsCleanDisconnectRaisesNoDeviceOffline() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")), "mosquitto_pub not installed");
        mosquittoPub("d-fb-oxi", "[{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97}]");
        mosquittoPub("d-fb-cuff", "[{\"n\":\"sbp\",\"u\":\"mmHg\",\"v\":121},{\"n\":\"dbp\",\"u\":\"mmHg\",\"v\":79}]");
        await().atMost(Duration.ofSeconds(30)).until(() -> gw.latest("p-fb-2", "sbp") == 121.0);
        await().atMost(Duration.ofSeconds(30)).alias("a stay-connected kind: its disconnect still alarms")
                .until(() -> offline("p-fb-3"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).alias("an upload-only kind left as expected")
                .until(() -> !offline("p-fb-2"));
    }

    private boolean offline(String patient) throws IOException, InterruptedException {
        for (JsonNode a : gw.getJson("/api/alarms?open=true").path("alarms")) {
            if (a.path("rule").asText().equals("DEVICE-OFFLINE") && a.path("patient").asText().equals(patient)) {
                return true;
            }
        }
        return false;
    }

    private void mosquittoPub(String device, String pack) throws Exception {
        run(List.of("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(gw.port("mqtt")),
                "-V", "mqttv5", "-q", "1", "-u", device, "-P", secrets.get(device), "-t",
                "v1/devices/" + device + "/senml", "-m", pack));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
