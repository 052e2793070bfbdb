package org.homeward.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.ingest.Channel;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mosquitto command-line client, an implementation we did not write, over plain TCP and TLS
 * (password and client certificate). Skipped with a message when the binaries are absent.
 */
@Timeout(90)
class MosquittoClientTest {
    private static final String SENML = "[{\"n\":\"spo2\",\"u\":\"%\",\"v\":97}]";
    private static final String TOPIC = "v1/devices/" + ServerFixture.DEVICE + "/senml";

    @BeforeAll
    static void needsMosquitto() {
        assumeTrue(onPath("mosquitto_pub"), "mosquitto_pub not installed: apt-get install mosquitto-clients");
    }

    @Test
    void mqtt311QoS1PublishArrives() throws Exception {
        try (ServerFixture fx = new ServerFixture()) {
            run("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(fx.port), "-V", "mqttv311",
                    "-u", ServerFixture.DEVICE, "-P", ServerFixture.SECRET, "-q", "1", "-t", TOPIC, "-m", SENML);

            FakeIngest.Call call = fx.ingest.next();
            assertThat(call.request().deviceId()).isEqualTo(ServerFixture.DEVICE);
            assertThat(new String(call.request().payload(), StandardCharsets.UTF_8)).isEqualTo(SENML);
        }
    }

    @Test
    void mqtt5QoS1PublishWithCborContentTypeArrives() throws Exception {
        try (ServerFixture fx = new ServerFixture()) {
            run("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(fx.port), "-V", "5",
                    "-u", ServerFixture.DEVICE, "-P", ServerFixture.SECRET, "-q", "1", "-t", TOPIC, "-m", SENML,
                    "-D", "publish", "content-type", "application/senml+cbor");

            FakeIngest.Call call = fx.ingest.next();
            assertThat(call.request().format()).isEqualTo(PayloadFormat.SENML_CBOR);
            assertThat(call.request().channel()).isEqualTo(Channel.SENML);
        }
    }

    @Test
    void tlsWithPasswordAndTlsWithClientCertificateBothIdentifyTheDevice(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("openssl"), "openssl not installed");
        Pki pki = Pki.create(dir, ServerFixture.DEVICE);
        MqttSettings settings = ServerFixture.settings()
                .withTls(pki.serverCert, pki.serverKey, MqttSettings.ClientAuth.OPTIONAL, pki.caCert);
        try (ServerFixture fx = new ServerFixture(settings)) {
            int tlsPort = fx.tlsPort;
            run("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(tlsPort), "--cafile", pki.caCert.toString(),
                    "-u", ServerFixture.DEVICE, "-P", ServerFixture.SECRET, "-q", "1", "-t", TOPIC, "-m", SENML);
            assertThat(fx.ingest.next().request().deviceId()).isEqualTo(ServerFixture.DEVICE);

            run("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(tlsPort), "--cafile", pki.caCert.toString(),
                    "--cert", pki.clientCert.toString(), "--key", pki.clientKey.toString(),
                    "-q", "1", "-t", TOPIC, "-m", SENML);
            assertThat(fx.ingest.next().request().deviceId()).isEqualTo(ServerFixture.DEVICE);
            assertThat(fx.meters.find(Meters.AUTH_FAILURES).counters()).isEmpty();
        }
    }

    /** A throwaway CA, a server certificate for 127.0.0.1 and a device certificate with CN = device id. */
    record Pki(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {
        static Pki create(Path dir, String deviceId) throws Exception {
            Path ca = dir.resolve("ca.crt");
            Path caKey = dir.resolve("ca.key");
            openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "1", "-subj", "/CN=homeward-test-ca");
            Path ext = Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            Path server = sign(dir, "server", "/CN=localhost", ca, caKey, ext);
            Path client = sign(dir, "device", "/CN=" + deviceId, ca, caKey, null);
            return new Pki(ca, server, dir.resolve("server.key"), client, dir.resolve("device.key"));
        }

        private static Path sign(Path dir, String name, String subject, Path ca, Path caKey, Path ext) throws Exception {
            Path key = dir.resolve(name + ".key");
            Path csr = dir.resolve(name + ".csr");
            Path cert = dir.resolve(name + ".crt");
            openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key.toString(), "-out", csr.toString(), "-subj", subject);
            List<String> args = new ArrayList<>(List.of("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(),
                    "-CAkey", caKey.toString(), "-CAcreateserial", "-out", cert.toString(), "-days", "1"));
            if (ext != null) {
                args.addAll(List.of("-extfile", ext.toString()));
            }
            openssl(dir, args.toArray(String[]::new));
            return cert;
        }

        private static void openssl(Path dir, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("openssl"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("mosquitto_pub finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static boolean onPath(String binary) {
        try {
            Process p = new ProcessBuilder("which", binary).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
