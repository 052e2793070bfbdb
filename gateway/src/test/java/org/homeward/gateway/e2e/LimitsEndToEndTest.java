package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits with real clients, each a specific counted refusal: a device over its message rate gets
 * MQTT 0x97 and CoAP 5.03; an address that failed authentication too often is refused for a while
 * on MQTT (0x9F) whatever credentials it brings, and failed DTLS handshakes count towards the same
 * back-off.
 */
@Timeout(180)
class LimitsEndToEndTest {
    @TempDir
    Path dir;

    private static MqttAsyncClient v5(GatewayFixture gw, String device, String secret) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + gw.port("mqtt"), "c-" + device + "-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(device);
        o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        o.setConnectionTimeout(20);
        o.setAutomaticReconnect(false);
        c.connect(o).waitForCompletion(20_000);
        return c;
    }

    private static CoapEndpoint dtls(String identity, String secret) {
        return DtlsPskClient.endpoint("127.0.0.1", identity, secret);
    }

    /** One POST over a fresh DTLS connection; null when no response came (handshake refused or dropped). */
    private static CoapResponse post(GatewayFixture gw, String identity, String secret, String pack, long timeoutMs) {
        CoapEndpoint endpoint = dtls(identity, secret);
        CoapClient client = new CoapClient("coaps://127.0.0.1:" + gw.port("coaps") + "/v1/senml");
        client.setEndpoint(endpoint);
        client.setTimeout(timeoutMs);
        try {
            return client.post(pack, 110);
        } catch (Exception e) {
            return null;
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }

    @Test
    void aDeviceOverItsMessageRateGets0x97OverMqttAnd503OverCoap() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-rate");
            String mqttSecret = gw.device("d-rate-m", "p-rate", "patch");
            String coapSecret = gw.device("d-rate-c", "p-rate", "bp-cuff");
            gw.start(Map.of("ingest.device-rate", "0.01", "ingest.device-burst", "3"));
            double before = gw.metric("homeward_ingest_requests_total", "outcome=\"rate_limited\"");

            MqttAsyncClient c = v5(gw, "d-rate-m", mqttSecret);
            List<Integer> codes = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    MqttMessage m = new MqttMessage(("[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37." + i + "}]")
                            .getBytes(StandardCharsets.UTF_8));
                    m.setQos(1);
                    IMqttToken t = c.publish("v1/devices/d-rate-m/senml", m);
                    t.waitForCompletion(20_000);
                    codes.add(t.getReasonCodes()[0]);
                }
            } finally {
                c.disconnect().waitForCompletion(10_000);
                c.close();
            }
            assertThat(codes).containsExactly(0, 0, 0, 0x97, 0x97);

            List<CoAP.ResponseCode> coap = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                CoapResponse r = post(gw, "d-rate-c", coapSecret, "[{\"n\":\"sbp\",\"u\":\"Pa\",\"v\":1600" + i + "}]",
                        30_000);
                assertThat(r).isNotNull();
                coap.add(r.getCode());
            }
            assertThat(coap).containsExactly(CoAP.ResponseCode.CHANGED, CoAP.ResponseCode.CHANGED,
                    CoAP.ResponseCode.CHANGED, CoAP.ResponseCode.SERVICE_UNAVAILABLE);
            assertThat(gw.metric("homeward_ingest_requests_total", "outcome=\"rate_limited\"")).isEqualTo(before + 3);
        }
    }

    @Test
    void repeatedWrongPasswordsPutTheAddressInBackOffEvenForTheRightOne() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-bo");
            String secret = gw.device("d-bo", "p-bo", "patch");
            gw.start(Map.of("auth.backoff.after-failures", "3", "auth.backoff.initial", "1m", "auth.backoff.max", "5m"));
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> v5(gw, "d-bo", "guess")).isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
            }
            assertThatThrownBy(() -> v5(gw, "d-bo", secret)).isInstanceOfSatisfying(MqttException.class,
                    e -> assertThat(e.getReasonCode()).isEqualTo(0x9F));
            assertThat(gw.metric("homeward_auth_failures_total", "reason=\"backoff\"", "mqtt")).isEqualTo(1);
            // while in back-off the device cannot complete a DTLS handshake either: its identity gets no key, counted
            assertThat(post(gw, "d-bo", secret, "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.0}]", 6_000)).isNull();
            assertThat(gw.metric("homeward_auth_failures_total", "reason=\"backoff\"", "coap")).isPositive();
            assertThat(gw.latest("p-bo", "temp")).isNaN();
        }
    }

    @Test
    void givenAnonymousFailedDtlsHandshakesFromOneAddress_thenUnknownIdentitiesThereAreBackedOffButAKnownDeviceIsNot()
            throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-bo2");
            String secret = gw.device("d-bo2", "p-bo2", "patch");
            gw.start(Map.of("auth.backoff.after-failures", "2", "auth.backoff.initial", "1m", "auth.backoff.max", "5m"));
            assertThat(post(gw, "d-unknown-1", "whatever", "[]", 8_000)).isNull();
            assertThat(post(gw, "d-unknown-2", "whatever", "[]", 8_000)).isNull();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(gw.metric("homeward_dtls_handshakes_total", "outcome=\"failed\"")).isGreaterThanOrEqualTo(2));
            assertThatThrownBy(() -> v5(gw, "d-unknown-3", "whatever")).isInstanceOfSatisfying(MqttException.class,
                    e -> assertThat(e.getReasonCode()).isEqualTo(0x9F));
            // carrier-grade NAT: a registered device from the same address is not refused for the anonymous failures
            MqttAsyncClient ok = v5(gw, "d-bo2", secret);
            ok.disconnect().waitForCompletion(10_000);
            ok.close();
        }
    }

    @Test
    void givenWrongDtlsKeysForOneDevice_thenTheyCountAtOnceAndBackOffThatDeviceOnly_whileOthersAtTheSameAddressCarryOn()
            throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-psk");
            String secret = gw.device("d-psk", "p-psk", "patch");
            String other = gw.device("d-psk-ok", "p-psk", "bp-cuff");
            gw.start(Map.of("auth.backoff.after-failures", "3", "auth.backoff.initial", "1m", "auth.backoff.max", "5m"));
            // when: wrong keys for a registered identity (each evaluated, none completes)
            for (int i = 0; i < 3; i++) {
                assertThat(post(gw, "d-psk", "wrong-key-" + i, "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.0}]", 4_000))
                        .isNull();
            }
            // then: the next attempt, even with the right key, is refused at once (no key handed out), counted
            assertThat(post(gw, "d-psk", secret, "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.0}]", 6_000)).isNull();
            assertThat(gw.metric("homeward_auth_failures_total", "reason=\"backoff\"", "coap")).isPositive();
            assertThatThrownBy(() -> v5(gw, "d-psk", secret)).isInstanceOfSatisfying(MqttException.class,
                    e -> assertThat(e.getReasonCode()).isEqualTo(0x9F));
            assertThat(gw.latest("p-psk", "temp")).isNaN();
            // and many devices from the same address (one public address of a 5G cell) carry on
            for (int i = 0; i < 5; i++) {
                CoapResponse r = post(gw, "d-psk-ok", other, "[{\"n\":\"sbp\",\"u\":\"Pa\",\"v\":1600" + i + "}]",
                        10_000);
                assertThat(r).isNotNull();
                assertThat(r.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
            }
            String[] fleet = new String[20];
            for (int i = 0; i < fleet.length; i++) {
                fleet[i] = gw.device("d-cell-" + i, "p-psk", "patch");
            }
            // the registry poll picks the new devices up
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                MqttAsyncClient first = v5(gw, "d-cell-0", fleet[0]);
                first.disconnect().waitForCompletion(10_000);
                first.close();
                return true;
            });
            for (int i = 1; i < fleet.length; i++) {
                MqttAsyncClient c = v5(gw, "d-cell-" + i, fleet[i]);
                c.disconnect().waitForCompletion(10_000);
                c.close();
            }
        }
    }

    /** A DTLS 1.2 CLIENT_HELLO record whose session id claims {@code sessionIdLength} bytes (and has them). */
    private static byte[] clientHello(int sessionIdLength) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(0xfe);
        body.write(0xfd);
        body.writeBytes(new byte[32]);
        body.write(sessionIdLength);
        body.writeBytes(new byte[sessionIdLength]);
        body.write(0); // cookie
        body.writeBytes(new byte[] {0, 2, (byte) 0xc0, (byte) 0xa8, 1, 0}); // one PSK suite, null compression
        byte[] m = body.toByteArray();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(13 + 12 + m.length);
        b.put((byte) 22).put((byte) 0xfe).put((byte) 0xfd).putShort((short) 0).put(new byte[6]).putShort((short) (12 + m.length));
        b.put((byte) 1).put((byte) 0).putShort((short) m.length).putShort((short) 0).put(new byte[3])
                .put((byte) 0).putShort((short) m.length).put(m);
        return b.array();
    }

    @Test
    void givenClientHellosWithASessionIdOf255Bytes_thenEachIsDroppedAndCounted_andDevicesStillHandshake() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-hello");
            String secret = gw.device("d-hello", "p-hello", "bp-cuff");
            gw.start(Map.of());
            byte[] bad = clientHello(255);
            try (java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
                for (int i = 0; i < 50; i++) {
                    udp.send(new java.net.DatagramPacket(bad, bad.length, new InetSocketAddress("127.0.0.1", gw.port("coaps"))));
                }
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    gw.metric("homeward_protocol_errors_total", "coap", "reason=\"malformed_client_hello\"")).isEqualTo(50));
            CoapResponse r = post(gw, "d-hello", secret, "[{\"n\":\"sbp\",\"u\":\"Pa\",\"v\":16000}]", 10_000);
            assertThat(r).isNotNull();
            assertThat(r.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
        }
    }
}
