package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CoAP over DTLS with Californium's own client, and the same path through the third-party
 * clients a hospital's engineers would use by hand: {@code mosquitto_pub} and libcoap's
 * {@code coap-client-openssl}. Each reading must show up in {@code /api/patients} in canonical units.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class CoapAndInteropEndToEndTest {
    @TempDir
    static Path dir;
    GatewayFixture gw;
    String secret;

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayFixture(dir);
        gw.patient("p-coap");
        secret = gw.device("d-coap", "p-coap", "bp-cuff");
        gw.start(Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    private void awaitLatest(String vital, double expected, double tolerance) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(gw.latest("p-coap", vital)).isCloseTo(expected, within(tolerance)));
    }

    private CoapEndpoint dtlsEndpoint() {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 2, TimeUnit.SECONDS);
        config.set(CoapConfig.ACK_TIMEOUT, 3, TimeUnit.SECONDS);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore("d-coap", secret.getBytes(StandardCharsets.UTF_8)))
                .build());
        return new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build();
    }

    @Test
    void californiumDtlsPostOfJsonAndCborArrivesInCanonicalUnits() throws Exception {
        CoapEndpoint endpoint = dtlsEndpoint();
        CoapClient client = new CoapClient("coaps://127.0.0.1:" + gw.port("coaps") + "/v1/senml");
        client.setEndpoint(endpoint);
        client.setTimeout(30_000L);
        try {
            // BP in pascal, the SenML unit: 16000 Pa = 120.01 mmHg, 10000 Pa = 75.01 mmHg
            CoapResponse json = client.post("[{\"n\":\"sbp\",\"u\":\"Pa\",\"v\":16000},{\"n\":\"dbp\",\"u\":\"Pa\",\"v\":10000}]", 110);
            assertThat(json).isNotNull();
            assertThat(json.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
            awaitLatest("sbp", 16000 / 133.322387415, 0.01);
            awaitLatest("dbp", 10000 / 133.322387415, 0.01);

            List<Map<Object, Object>> pack = new ArrayList<>();
            pack.add(Map.of(0, "sbp", 1, "Pa", 2, 14000.0));
            pack.add(Map.of(0, "dbp", 1, "Pa", 2, 9000.0));
            byte[] cbor = new ObjectMapper(new CBORFactory()).writeValueAsBytes(pack);
            CoapResponse c = client.post(cbor, 112);
            assertThat(c).isNotNull();
            assertThat(c.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
            awaitLatest("sbp", 14000 / 133.322387415, 0.01);
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }

    @Test
    void californiumDtlsMalformedPackGets400WithADiagnostic() throws Exception {
        CoapEndpoint endpoint = dtlsEndpoint();
        CoapClient client = new CoapClient("coaps://127.0.0.1:" + gw.port("coaps") + "/v1/senml");
        client.setEndpoint(endpoint);
        client.setTimeout(30_000L);
        try {
            CoapResponse r = client.post("{\"not\":\"a pack\"}", 110);
            assertThat(r).isNotNull();
            assertThat(r.getCode()).isEqualTo(CoAP.ResponseCode.BAD_REQUEST);
            assertThat(r.getResponseText()).isNotBlank();
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }

    @Test
    void libcoapClientOverDtlsPskIsStoredAndShown() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/coap-client-openssl")),
                "coap-client-openssl not installed (apt-get install libcoap3-bin)");
        ProcessResult r = run(List.of("/usr/bin/coap-client-openssl", "-m", "post", "-t", "110", "-u", "d-coap",
                "-k", secret, "-B", "30", "-e", "[{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":77}]",
                "coaps://127.0.0.1:" + gw.port("coaps") + "/v1/senml"));
        assertThat(r.exit).as(r.output).isZero();
        awaitLatest("hr", 77.0, 1e-9);
    }

    @Test
    void mosquittoPubOverMqtt311And5IsStoredAndShown() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")),
                "mosquitto_pub not installed (apt-get install mosquitto-clients)");
        for (String[] v : new String[][] {{"mqttv311", "36.8"}, {"mqttv5", "37.1"}}) {
            ProcessResult r = run(List.of("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p",
                    Integer.toString(gw.port("mqtt")), "-V", v[0], "-q", "1", "-u", "d-coap", "-P", secret,
                    "-t", "v1/devices/d-coap/senml", "-m", "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":" + v[1] + "}]"));
            assertThat(r.exit).as(r.output).isZero();
            awaitLatest("temp", Double.parseDouble(v[1]), 1e-9);
        }
    }

    private record ProcessResult(int exit, String output) {
    }

    private static ProcessResult run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new ProcessResult(-1, "timed out: " + command);
        }
        return new ProcessResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
