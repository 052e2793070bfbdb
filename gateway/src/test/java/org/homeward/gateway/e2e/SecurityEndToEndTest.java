package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "must show" list against a whole gateway with real clients: a revoked device is
 * disconnected within seconds and cannot come back; device A cannot speak for device B over CoAP
 * (whatever its pack says); an unauthenticated API call gets 401 and no data; the MQTT TLS
 * listener speaks TLS 1.3 and 1.2 to {@code openssl s_client} and refuses TLS 1.0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class SecurityEndToEndTest {
    @TempDir
    static Path dir;
    @TempDir
    static Path pkiDir;
    GatewayFixture gw;
    LabPki pki;
    String secretA;
    String secretB;
    String secretRevoked;

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayFixture(dir);
        gw.patient("p-sec-a");
        gw.patient("p-sec-b");
        gw.patient("p-sec-r");
        secretA = gw.device("d-sec-a", "p-sec-a", "patch");
        secretB = gw.device("d-sec-b", "p-sec-b", "patch");
        secretRevoked = gw.device("d-sec-r", "p-sec-r", "oximeter");
        Map<String, String> extra = new LinkedHashMap<>();
        if (LabPki.available()) {
            pki = LabPki.create(pkiDir);
            extra.put("mqtt.tls.enabled", "true");
            extra.put("mqtt.tls.port", "0");
            extra.put("mqtt.tls.cert", pki.serverCert.toString());
            extra.put("mqtt.tls.key", pki.serverKey.toString());
        }
        gw.start(extra);
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    private MqttClient connect(String device, String secret) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + gw.port("mqtt"), "c-" + device + "-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(device);
        o.setPassword(secret.toCharArray());
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(20);
        c.setTimeToWait(20_000);
        c.connect(o);
        return c;
    }

    @Test
    void aRevokedDeviceIsDisconnectedWithinSecondsAndItsReconnectIsRefused() throws Exception {
        MqttClient live = connect("d-sec-r", secretRevoked);
        try {
            live.publish("v1/devices/d-sec-r/senml", "[{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97},{\"n\":\"pi\",\"u\":\"/\",\"v\":0.03}]"
                    .getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(gw.latest("p-sec-r", "spo2")).isCloseTo(97.0, within(1e-9)));
            assertThat(live.isConnected()).isTrue();

            long revokedAt = System.nanoTime();
            gw.admin.revokeDevice("d-sec-r", "test");                // what `devices revoke` does
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !live.isConnected());
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revokedAt);
            assertThat(tookMillis).as("disconnect after revoke, ms").isLessThan(10_000);
        } finally {
            if (live.isConnected()) {
                live.disconnectForcibly(1000, 1000);
            }
            live.close(true);
        }
        assertThatThrownBy(() -> connect("d-sec-r", secretRevoked))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isIn(
                        (int) MqttException.REASON_CODE_FAILED_AUTHENTICATION,
                        (int) MqttException.REASON_CODE_NOT_AUTHORIZED));
    }

    private CoapEndpoint dtls(String identity, String secret) {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 2, TimeUnit.SECONDS);
        config.set(CoapConfig.ACK_TIMEOUT, 3, TimeUnit.SECONDS);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, secret.getBytes(StandardCharsets.UTF_8)))
                .build());
        return new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build();
    }

    @Test
    void deviceACannotPostAsDeviceBOverCoap() throws Exception {
        CoapEndpoint endpoint = dtls("d-sec-a", secretA);
        CoapClient client = new CoapClient("coaps://127.0.0.1:" + gw.port("coaps") + "/v1/senml");
        client.setEndpoint(endpoint);
        client.setTimeout(30_000L);
        try {
            // a pack naming device B (base name and record name) still belongs to the DTLS identity A
            String pack = "[{\"bn\":\"urn:dev:d-sec-b:\",\"n\":\"temp\",\"u\":\"Cel\",\"v\":38.4},"
                    + "{\"n\":\"d-sec-b/hr\",\"u\":\"beat/min\",\"v\":101}]";
            CoapResponse r = client.post(pack, 110);
            assertThat(r).isNotNull();
            assertThat(r.getCode()).isIn(CoAP.ResponseCode.CHANGED, CoAP.ResponseCode.BAD_REQUEST);
            if (r.getCode() == CoAP.ResponseCode.CHANGED) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(gw.latest("p-sec-a", "temp")).isCloseTo(38.4, within(1e-9)));
            }
            assertThat(gw.latest("p-sec-b", "temp")).isNaN();
            assertThat(gw.latest("p-sec-b", "hr")).isNaN();
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
        // and A's secret is not B's: a handshake as B with A's secret fails, nothing is stored
        CoapEndpoint wrong = dtls("d-sec-b", secretA);
        CoapClient impostor = new CoapClient("coaps://127.0.0.1:" + gw.port("coaps") + "/v1/senml");
        impostor.setEndpoint(wrong);
        impostor.setTimeout(8_000L);
        try {
            CoapResponse r = impostor.post("[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":39.9}]", 110);
            assertThat(r).isNull();
        } catch (org.eclipse.californium.elements.exception.ConnectorException | java.io.IOException e) {
            assertThat(e).isNotNull();                                  // handshake refused
        } finally {
            impostor.shutdown();
            wrong.destroy();
        }
        assertThat(gw.latest("p-sec-b", "temp")).isNaN();
    }

    @Test
    void anUnauthenticatedApiCallGets401AndNoPatientData() throws Exception {
        for (String path : new String[] {"/api/patients", "/api/patients/p-sec-a", "/api/patients/p-sec-a/vitals",
                "/api/alarms", "/api/audit"}) {
            HttpResponse<String> r = gw.get(path, false);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.body()).as(path).doesNotContain("p-sec-a").doesNotContain("pseudonym").doesNotContain("latest");
        }
        assertThat(gw.get("/api/patients", true).body()).contains("p-sec-a");   // the same call signed in does
    }

    @Test
    void theMqttTlsListenerSpeaksTls13And12AndRefusesTls10() throws Exception {
        assumeTrue(pki != null, "openssl not installed: cannot make the lab CA");
        String connect = "127.0.0.1:" + gw.port("mqtt.tls");
        for (String version : new String[] {"-tls1_3", "-tls1_2"}) {
            LabPki.Result r = LabPki.openssl(pkiDir, "s_client", "-connect", connect, version, "-CAfile",
                    pki.caCert.toString(), "-verify_return_error", "-servername", "localhost");
            assertThat(r.output()).as(version).contains("Verify return code: 0 (ok)")
                    .contains(version.equals("-tls1_3") ? "New, TLSv1.3," : "New, TLSv1.2,");
        }
        LabPki.Result old = LabPki.openssl(pkiDir, "s_client", "-connect", connect, "-tls1", "-cipher",
                "DEFAULT@SECLEVEL=0", "-CAfile", pki.caCert.toString());
        assertThat(old.exit()).as(old.output()).isNotZero();
        assertThat(old.output()).doesNotContain("New, TLSv1,").contains("New, (NONE), Cipher is (NONE)")
                .as("the server itself refuses with alert 70 protocol_version, not the client giving up")
                .contains("alert protocol version");
    }

    @Test
    void aPlainMqttClientOnTheTlsPortGetsNoConnack() throws Exception {
        // a plain MQTT client on the TLS port gets nothing: no CONNACK comes back
        assumeTrue(pki != null, "openssl not installed");
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + gw.port("mqtt.tls"), "plain-on-tls", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("d-sec-a");
        o.setPassword(secretA.toCharArray());
        o.setConnectionTimeout(5);
        c.setTimeToWait(10_000);
        try {
            assertThatThrownBy(() -> c.connect(o)).isInstanceOf(MqttException.class);
        } finally {
            c.close(true);
        }
    }
}
