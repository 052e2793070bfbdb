package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.homeward.gateway.config.ConfigException;
import org.homeward.gateway.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped production profile, started for real: only MQTT over TLS, CoAP over DTLS and HTTPS
 * listen; the web port speaks HTTPS only (a client trusting the lab CA signs in and gets Secure
 * cookies; plain HTTP on that port gets no answer); and the profile refuses to start without HTTPS.
 */
@Timeout(120)
class HttpsEndToEndTest {
    static final Path PRODUCTION = Path.of(System.getProperty("homeward.repo.root", ".."))
            .resolve("config/gateway-production.yaml");
    @TempDir
    Path dir;
    @TempDir
    Path pkiDir;

    private static HttpClient trusting(Path caCert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caCert)) {
            ks.setCertificateEntry("lab-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void theProductionProfileStartsWithOnlyTlsDtlsAndHttpsListeners() throws Exception {
        assumeTrue(LabPki.available(), "openssl not installed: cannot make the lab CA");
        LabPki pki = LabPki.create(pkiDir);
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-https");
            Map<String, String> set = new LinkedHashMap<>();
            set.put("mqtt.tls.port", "0");
            set.put("mqtt.tls.cert", pki.serverCert.toString());
            set.put("mqtt.tls.key", pki.serverKey.toString());
            set.put("http.tls.cert", pki.serverCert.toString());
            set.put("http.tls.key", pki.serverKey.toString());
            set.put("journal.max-bytes", "1GiB");
            gw.start(PRODUCTION, set);
            assertThat(gw.port("mqtt")).isEqualTo(-1);
            assertThat(gw.port("coap")).isEqualTo(-1);
            assertThat(gw.port("mqtt.tls")).isPositive();
            assertThat(gw.port("coaps")).isPositive();

            String base = "https://localhost:" + gw.port("http");
            HttpClient https = trusting(pki.caCert);
            HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=" + GatewayFixture.NURSE + "&password="
                            + GatewayFixture.NURSE_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.headers().allValues("Set-Cookie")).isNotEmpty()
                    .allMatch(c -> c.contains("; Secure") && c.contains("SameSite=Strict"))
                    .anyMatch(c -> c.startsWith("hw_session=") && c.contains("HttpOnly"));
            String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("hw_session="))
                    .findFirst().orElseThrow().split(";")[0];
            HttpResponse<String> patients = https.send(HttpRequest.newBuilder(URI.create(base + "/api/patients"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(patients.statusCode()).isEqualTo(200);
            assertThat(patients.body()).contains("p-https");
            assertThat(https.send(HttpRequest.newBuilder(URI.create(base + "/api/patients")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            // a client that does not trust the lab CA is refused by its own TLS check
            HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
            // plain HTTP on the HTTPS port gets no HTTP answer
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + gw.port("http")
                    + "/api/patients")).timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void theProductionProfileRefusesToStartWithoutHttps() {
        assertThatThrownBy(() -> ConfigLoader.load(PRODUCTION, Map.of("http.tls.enabled", "false"), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains("http.tls.enabled") && p.contains("HTTPS")));
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("http.tls.enabled", "true"), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.contains("http.tls.cert")));
    }
}
