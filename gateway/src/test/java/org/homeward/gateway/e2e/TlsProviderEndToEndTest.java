package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same TLS promises under both {@code tls.provider} values: {@code jdk} and {@code openssl}
 * (BoringSSL through netty-tcnative). MQTT over TLS and HTTPS speak TLS 1.3 and 1.2 to
 * {@code openssl s_client} and refuse TLS 1.0; a device certificate's CN is the device id for
 * {@code mosquitto_pub}; {@code /health} names the provider in use.
 */
@Timeout(180)
class TlsProviderEndToEndTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void bothProvidersSpeakTls13And12RefuseTls10AndTakeTheDeviceIdFromTheCertificate(String provider)
            throws Exception {
        Assumptions.assumeTrue(LabPki.available(), "openssl is not installed");
        LabPki pki = LabPki.create(Files.createDirectories(dir.resolve("pki")));
        Path device = pki.device("d-tls-1", "/CN=d-tls-1");
        try (GatewayFixture gw = new GatewayFixture(Files.createDirectories(dir.resolve("data")))) {
            gw.patient("p-tls-1");
            gw.device("d-tls-1", "p-tls-1", "patch");
            Map<String, String> s = new LinkedHashMap<>();
            s.put("tls.provider", provider);
            s.put("mqtt.tls.enabled", "true");
            s.put("mqtt.tls.port", "0");
            s.put("mqtt.tls.cert", pki.serverCert.toString());
            s.put("mqtt.tls.key", pki.serverKey.toString());
            s.put("mqtt.tls.client-ca", pki.caCert.toString());
            s.put("http.tls.enabled", "true");
            s.put("http.tls.cert", pki.serverCert.toString());
            s.put("http.tls.key", pki.serverKey.toString());
            gw.start(s);

            for (String port : new String[] {"mqtt.tls", "http"}) {
                String connect = "127.0.0.1:" + gw.port(port);
                for (String version : new String[] {"-tls1_3", "-tls1_2"}) {
                    LabPki.Result r = LabPki.openssl(pki.caCert.getParent(), "s_client", "-connect", connect, version,
                            "-CAfile", pki.caCert.toString(), "-verify_return_error", "-servername", "localhost");
                    assertThat(r.output()).as(provider + " " + port + " " + version)
                            .contains("Verify return code: 0 (ok)")
                            .contains(version.equals("-tls1_3") ? "New, TLSv1.3," : "New, TLSv1.2,");
                }
                LabPki.Result old = LabPki.openssl(pki.caCert.getParent(), "s_client", "-connect", connect, "-tls1",
                        "-cipher", "DEFAULT@SECLEVEL=0", "-CAfile", pki.caCert.toString());
                assertThat(old.exit()).as(old.output()).isNotZero();
                assertThat(old.output()).as(provider + " " + port + " TLS 1.0").doesNotContain("New, TLSv1,")
                        .contains("alert protocol version");
            }

            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")), "mosquitto_pub is not installed");
            Process pub = new ProcessBuilder("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p",
                    String.valueOf(gw.port("mqtt.tls")), "--cafile", pki.caCert.toString(), "--cert", device.toString(),
                    "--key", LabPki.keyOf(device).toString(), "-q", "1", "-t", "v1/devices/d-tls-1/senml",
                    "-m", "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.9}]")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("pub.log").toFile()).start();
            assertThat(pub.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(pub.exitValue()).as(Files.readString(dir.resolve("pub.log"))).isZero();
            int http = gw.port("http");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(latestTemp(pki.caCert, http)).isCloseTo(37.9, within(1e-9)));

            JsonNode health = GatewayFixture.JSON.readTree(httpsGet(pki.caCert, gw.port("http"), "/health"));
            assertThat(health.at("/details/tls/provider").asText()).isEqualTo(provider);
        }
    }

    @org.junit.jupiter.api.Test
    void requiredClientCertificatesRefuseADeviceThatOffersOnlyItsSecret() throws Exception {
        Assumptions.assumeTrue(LabPki.available(), "openssl is not installed");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")), "mosquitto_pub is not installed");
        LabPki pki = LabPki.create(Files.createDirectories(dir.resolve("pki")));
        Path device = pki.device("d-tls-2", "/CN=d-tls-2");
        try (GatewayFixture gw = new GatewayFixture(Files.createDirectories(dir.resolve("data")))) {
            gw.patient("p-tls-1");
            String secret = gw.device("d-tls-2", "p-tls-1", "patch");
            gw.start(Map.of("mqtt.tls.enabled", "true", "mqtt.tls.port", "0",
                    "mqtt.tls.cert", pki.serverCert.toString(), "mqtt.tls.key", pki.serverKey.toString(),
                    "mqtt.tls.client-ca", pki.caCert.toString(), "mqtt.tls.client-auth", "required"));
            String port = String.valueOf(gw.port("mqtt.tls"));
            String pack = "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.6}]";

            int withSecretOnly = publish(dir.resolve("secret.log"), "/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", port,
                    "--cafile", pki.caCert.toString(), "-u", "d-tls-2", "-P", secret, "-q", "1",
                    "-t", "v1/devices/d-tls-2/senml", "-m", pack);
            assertThat(withSecretOnly).as(Files.readString(dir.resolve("secret.log"))).isNotZero();

            int withCertificate = publish(dir.resolve("cert.log"), "/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", port,
                    "--cafile", pki.caCert.toString(), "--cert", device.toString(),
                    "--key", LabPki.keyOf(device).toString(), "-q", "1", "-t", "v1/devices/d-tls-2/senml", "-m", pack);
            assertThat(withCertificate).as(Files.readString(dir.resolve("cert.log"))).isZero();
        }
    }

    private static int publish(Path log, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static double latestTemp(Path ca, int port) throws Exception {
        for (JsonNode p : GatewayFixture.JSON.readTree(httpsGet(ca, port, "/api/patients")).path("patients")) {
            if (p.path("pseudonym").asText().equals("p-tls-1")) {
                JsonNode v = p.path("latest").path("temp").path("value");
                return v.isNumber() ? v.asDouble() : Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static String httpsGet(Path ca, int port, String path) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("lab-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (GatewayFixture.NURSE + ":" + GatewayFixture.NURSE_PASSWORD).getBytes()))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
