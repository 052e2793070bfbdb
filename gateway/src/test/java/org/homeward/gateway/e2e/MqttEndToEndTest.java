package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core path with real Paho clients: MQTT 3.1.1 and 5, QoS 0/1/2, into the durable journal and
 * out of {@code /api/patients} in canonical units; and each refusal with its specific reason,
 * counted in {@code /metrics}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MqttEndToEndTest {
    @TempDir
    static Path dir;
    GatewayFixture gw;
    String secretA;
    String secretB;

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayFixture(dir);
        gw.patient("p-mqtt-a");
        gw.patient("p-mqtt-b");
        secretA = gw.device("d-mqtt-a", "p-mqtt-a", "oximeter");
        secretB = gw.device("d-mqtt-b", "p-mqtt-b", "patch");
        gw.start(Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    private String uri() {
        return "tcp://127.0.0.1:" + gw.port("mqtt");
    }

    private MqttClient v3(String device, String secret) throws MqttException {
        MqttClient c = new MqttClient(uri(), "c-" + device + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(device);
        o.setPassword(secret.toCharArray());
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setConnectionTimeout(20);
        c.setTimeToWait(20_000);
        c.connect(o);
        return c;
    }

    private MqttAsyncClient v5(String device, String secret) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(uri(), "c5-" + device + "-" + System.nanoTime(),
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(device);
        o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        o.setConnectionTimeout(20);
        c.connect(o).waitForCompletion(20_000);
        return c;
    }

    private static void close(MqttAsyncClient c) throws Exception {
        c.disconnect().waitForCompletion(10_000);
        c.close();
    }

    private static byte[] pack(double spo2Ratio, double hrPerSecond) {
        return ("[{\"bn\":\"urn:dev:d-mqtt-a:\",\"n\":\"spo2\",\"u\":\"/\",\"v\":" + spo2Ratio + "},"
                + "{\"n\":\"hr\",\"u\":\"1/s\",\"v\":" + hrPerSecond + "},{\"n\":\"pi\",\"u\":\"/\",\"v\":0.03}]")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void awaitLatest(String patient, String vital, double expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(gw.latest(patient, vital)).isCloseTo(expected, within(1e-6)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void mqtt311PublishAtEveryQosArrivesInCanonicalUnits(int qos) throws Exception {
        MqttClient c = v3("d-mqtt-a", secretA);
        try {
            double spo2 = 0.90 + qos / 100.0;                 // 90, 91, 92 %
            c.publish("v1/devices/d-mqtt-a/senml", pack(spo2, 1.2), qos, false);
            awaitLatest("p-mqtt-a", "spo2", Math.round(spo2 * 10_000) / 100.0);
            awaitLatest("p-mqtt-a", "hr", 72.0);               // 1.2 /s = 72 /min
        } finally {
            c.disconnect();
            c.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void mqtt5PublishAtEveryQosArrivesInCanonicalUnits(int qos) throws Exception {
        var c = v5("d-mqtt-a", secretA);
        try {
            double spo2 = 0.94 + qos / 100.0;                 // 94, 95, 96 %
            MqttMessage m = new MqttMessage(pack(spo2, 1.5));
            m.setQos(qos);
            c.publish("v1/devices/d-mqtt-a/senml", m).waitForCompletion(20_000);
            awaitLatest("p-mqtt-a", "spo2", Math.round(spo2 * 10_000) / 100.0);
            awaitLatest("p-mqtt-a", "hr", 90.0);
        } finally {
            close(c);
        }
    }

    @Test
    void aMalformedPackIsRefusedWith0x99AndCounted() throws Exception {
        double before = gw.metric("homeward_ingest_requests_total", "outcome=\"malformed_payload\"");
        var c = v5("d-mqtt-b", secretB);
        try {
            MqttMessage m = new MqttMessage("[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":".getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            IMqttToken t = c.publish("v1/devices/d-mqtt-b/senml", m);
            t.waitForCompletion(20_000);
            assertThat(t.getReasonCodes()).containsExactly(0x99);
        } finally {
            close(c);
        }
        assertThat(gw.metric("homeward_ingest_requests_total", "outcome=\"malformed_payload\"")).isEqualTo(before + 1);
    }

    @Test
    void anUnknownUnitAndAnImplausibleValueAreRefusedPerRecordAndTheRestIsKept() throws Exception {
        double unit = gw.metric("homeward_ingest_records_rejected_total", "reason=\"unknown_unit\"");
        double implausible = gw.metric("homeward_ingest_records_rejected_total", "reason=\"implausible_value\"");
        var c = v5("d-mqtt-b", secretB);
        try {
            MqttMessage m = new MqttMessage(("[{\"n\":\"temp\",\"u\":\"degF\",\"v\":99.1},"
                    + "{\"n\":\"temp\",\"u\":\"Cel\",\"v\":52.0},"
                    + "{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.6}]").getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            IMqttToken t = c.publish("v1/devices/d-mqtt-b/senml", m);
            t.waitForCompletion(20_000);
            assertThat(t.getReasonCodes()).containsExactly(0);
        } finally {
            close(c);
        }
        awaitLatest("p-mqtt-b", "temp", 37.6);
        assertThat(gw.metric("homeward_ingest_records_rejected_total", "reason=\"unknown_unit\"")).isEqualTo(unit + 1);
        assertThat(gw.metric("homeward_ingest_records_rejected_total", "reason=\"implausible_value\"")).isEqualTo(implausible + 1);
    }

    @Test
    void aWrongPasswordIsRefusedAndCounted() throws Exception {
        double before = gw.metric("homeward_auth_failures_total", "bad_secret");
        assertThatThrownBy(() -> v3("d-mqtt-a", "not-the-secret"))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertThatThrownBy(() -> v5("d-mqtt-a", "not-the-secret"))
                .isInstanceOfSatisfying(org.eclipse.paho.mqttv5.common.MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        assertThat(gw.metric("homeward_auth_failures_total", "bad_secret")).isEqualTo(before + 2);
    }

    @Test
    void aPublishToAnotherDevicesTopicIsRefusedWith0x87AndNothingIsStored() throws Exception {
        double before = gw.metric("homeward_ingest_requests_total", "transport=\"mqtt\"", "outcome=\"ok\"");
        var c = v5("d-mqtt-b", secretB);
        try {
            MqttMessage m = new MqttMessage("[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":39.9}]".getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            IMqttToken t = c.publish("v1/devices/d-mqtt-a/senml", m);
            t.waitForCompletion(20_000);
            assertThat(t.getReasonCodes()).containsExactly(0x87);
        } finally {
            close(c);
        }
        assertThat(gw.metric("homeward_ingest_requests_total", "transport=\"mqtt\"", "outcome=\"ok\"")).isEqualTo(before);
        assertThat(gw.latest("p-mqtt-a", "temp")).isNaN();
    }
}
