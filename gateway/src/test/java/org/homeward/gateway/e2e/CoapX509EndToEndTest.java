package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
import org.eclipse.californium.elements.util.SslContextUtil;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.homeward.gateway.Gateway;
import org.homeward.gateway.config.ConfigException;
import org.homeward.gateway.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CoAP over DTLS with device certificates, configured through the gateway's settings
 * ({@code coaps.x509.*}) with a lab CA made by openssl as the README shows: the subject CN is the
 * device id; a certificate from another CA is refused in the handshake (counted); a device cannot
 * speak for another; bad files stop start-up with a specific message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class CoapX509EndToEndTest {
    static final Path LIBCOAP = Path.of("/usr/bin/coap-client-openssl");
    @TempDir
    static Path dir;
    GatewayFixture gw;
    LabPki pki;
    LabPki otherCa;
    String secretB;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(LabPki.available(), "openssl is not installed");
        pki = LabPki.create(Files.createDirectories(dir.resolve("pki")));
        otherCa = LabPki.create(Files.createDirectories(dir.resolve("other-ca")));
        gw = new GatewayFixture(Files.createDirectories(dir.resolve("data")));
        gw.patient("p-x509-a");
        gw.patient("p-x509-b");
        gw.device("d-x509-a", "p-x509-a", "patch");
        secretB = gw.device("d-x509-b", "p-x509-b", "patch");
        gw.start(x509Settings(pki.serverCert, pki.serverKey, pki.caCert));
    }

    @AfterAll
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private Map<String, String> x509Settings(Path cert, Path key, Path ca) {
        Map<String, String> s = new HashMap<>();
        s.put("coaps.x509.enabled", "true");
        s.put("coaps.x509.cert", cert.toString());
        s.put("coaps.x509.key", key.toString());
        s.put("coaps.x509.client-ca", ca.toString());
        s.put("ingest.device-rate", "0");
        return s;
    }

    @Test
    void aDeviceCertificatePublishesAsItsCommonName() throws Exception {
        Path cert = pki.device("d-x509-a", "/CN=d-x509-a");
        CoapResponse r = post(cert, pki.caCert, "", "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":38.1}]");
        assertThat(r).isNotNull();
        assertThat(r.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(gw.latest("p-x509-a", "temp")).isCloseTo(38.1, within(1e-9)));
    }

    @Test
    void aCertificateForDeviceACannotPublishAsDeviceB() throws Exception {
        Path cert = pki.device("d-x509-a2", "/CN=d-x509-a");
        // even with B's secret in the query and B's name in the pack, the certificate's CN decides
        CoapResponse r = post(cert, pki.caCert, "?d=d-x509-b&k=" + secretB,
                "[{\"bn\":\"urn:dev:d-x509-b:\",\"n\":\"temp\",\"u\":\"Cel\",\"v\":39.3}]");
        assertThat(r).isNotNull();
        assertThat(r.getCode()).isIn(CoAP.ResponseCode.CHANGED, CoAP.ResponseCode.BAD_REQUEST);
        if (r.getCode() == CoAP.ResponseCode.CHANGED) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(gw.latest("p-x509-a", "temp")).isCloseTo(39.3, within(1e-9)));
        }
        assertThat(gw.latest("p-x509-b", "temp")).isNaN();
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedInTheHandshakeAndCounted() throws Exception {
        Path cert = otherCa.device("d-x509-b-forged", "/CN=d-x509-b");
        double failedBefore = failedHandshakes();
        CoapResponse r;
        try {
            r = post(cert, pki.caCert, "", "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":36.6}]");
        } catch (org.eclipse.californium.elements.exception.ConnectorException | java.io.IOException refused) {
            r = null;
        }
        assertThat(r).as("no CoAP response without a trusted certificate").isNull();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(failedHandshakes()).isGreaterThan(failedBefore));
        assertThat(gw.latest("p-x509-b", "temp")).isNaN();
    }

    @Test
    void libcoapWithADeviceCertificateGets204() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(LIBCOAP), "coap-client-openssl (libcoap) is not installed");
        Path cert = pki.device("d-x509-lib", "/CN=d-x509-a");
        Path log = dir.resolve("libcoap.log");
        Process p = new ProcessBuilder(LIBCOAP.toString(), "-m", "post", "-t", "110", "-c", cert.toString(),
                "-j", LabPki.keyOf(cert).toString(), "-R", pki.caCert.toString(), "-e",
                "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.4}]", "-B", "20",
                "coaps://127.0.0.1:" + gw.port("coaps") + "/v1/senml")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = p.waitFor(40, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        Assumptions.assumeFalse(out.contains("PKI") && out.contains("not supported"),
                "the installed libcoap refuses PKI: " + out);
        assertThat(exited).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(gw.latest("p-x509-a", "temp")).isCloseTo(37.4, within(1e-9)));
    }

    @Test
    void badCertificateFilesStopStartUpWithASpecificMessage() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Path noCn = pki.device("no-cn", "/O=Homeward Lab");
        Path someoneElsesKey = LabPki.keyOf(pki.device("other", "/CN=other"));
        assertThatThrownBy(() -> startWith(x509Settings(dir.resolve("missing.crt"), pki.serverKey, pki.caCert)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anyMatch(p -> p.contains("coaps.x509.cert") && p.contains("no such file")));
        assertThatThrownBy(() -> startWith(x509Settings(pki.serverCert, garbage, pki.caCert)))
                .hasMessageContaining("coaps.x509.key: cannot read a private key");
        assertThatThrownBy(() -> startWith(x509Settings(pki.serverCert, someoneElsesKey, pki.caCert)))
                .hasMessageContaining("does not belong to the first certificate");
        assertThatThrownBy(() -> startWith(x509Settings(noCn, LabPki.keyOf(noCn), pki.caCert)))
                .hasMessageContaining("neither a subject CN nor a subjectAltName");
        assertThatThrownBy(() -> startWith(x509Settings(pki.serverCert, pki.serverKey, garbage)))
                .hasMessageContaining("coaps.x509.client-ca");
        Map<String, String> enabledOnly = Map.of("coaps.x509.enabled", "true");
        assertThatThrownBy(() -> startWith(enabledOnly)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("coaps.x509.key must name a PEM file");
    }

    private void startWith(Map<String, String> settings) throws Exception {
        Map<String, String> set = new HashMap<>(settings);
        set.put("data.dir", Files.createDirectories(dir.resolve("data-refused")).toString());
        set.put("mqtt.port", "0");
        set.put("coaps.port", "0");
        set.put("http.port", "0");
        Gateway g = Gateway.start(ConfigLoader.load(null, set, Map.of()));
        g.close();
    }

    private double failedHandshakes() throws Exception {
        return gw.get("/metrics", true).body().lines()
                .filter(l -> l.startsWith("homeward_dtls_handshakes_total") && l.contains("outcome=\"failed\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private CoapResponse post(Path cert, Path trustedCa, String query, String pack) throws Exception {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 2, TimeUnit.SECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 2);
        config.set(CoapConfig.ACK_TIMEOUT, 3, TimeUnit.SECONDS);
        String pem = Files.readString(LabPki.keyOf(cert)) + Files.readString(cert);
        SslContextUtil.Credentials credentials = SslContextUtil.loadPemCredentials(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setCertificateIdentityProvider(new SingleCertificateProvider(credentials.getPrivateKey(),
                        credentials.getCertificateChain(), CertificateType.X_509))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(SslContextUtil.loadTrustedCertificates(trustedCa.toString())).build())
                .build());
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build();
        CoapClient client = new CoapClient("coaps://127.0.0.1:" + gw.port("coaps") + "/v1/senml" + query);
        client.setEndpoint(endpoint);
        client.setTimeout(20_000L);
        try {
            return client.post(pack, 110);
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }
}
