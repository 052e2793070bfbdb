package org.homeward.gateway.adapter.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.adapter.coap.CoapAdapterTest.DEVICE;
import static org.homeward.gateway.adapter.coap.CoapAdapterTest.JSON;
import static org.homeward.gateway.adapter.coap.CoapAdapterTest.SECRET;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A certificate device: subject CN is the device id; PSK devices keep working on the same port. */
@Timeout(90)
class CoapX509Test {
    static final Path OPENSSL = Path.of("/usr/bin/openssl");

    @TempDir
    Path dir;
    final FakeIngest ingest = new FakeIngest();
    final FakeDirectory directory = new FakeDirectory().add(DEVICE, SECRET);
    CoapAdapter adapter;

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.close();
        }
    }

    @Test
    void certificateDeviceIsIdentifiedByItsCommonNameAndPskStillWorks() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed");
        Path ca = issue("ca", null);
        Path server = issue("server", ca);
        Path device = issue(DEVICE, ca);
        ingest.acceptAll();
        CoapSettings d = CoapSettings.defaults().withHost("127.0.0.1").withCoaps(true, 0);
        adapter = new CoapAdapter(d.withX509(new CoapSettings.X509(bundle(server), dir.resolve("ca.crt"))),
                new CoapParts(ingest, directory, e -> { }, new SimpleMeterRegistry(), Clock.systemUTC()));
        adapter.start();

        try (TestCoapClient certDevice = TestCoapClient.x509(bundle(device), dir.resolve("ca.crt"));
             TestCoapClient pskDevice = TestCoapClient.dtls(DEVICE, SECRET)) {
            assertThat(certDevice.post(adapter.coapsPort(), "/v1/senml", 110, JSON, Type.CON)
                    .get(30, TimeUnit.SECONDS).getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(pskDevice.post(adapter.coapsPort(), "/v1/senml", 110, JSON, Type.CON)
                    .get(30, TimeUnit.SECONDS).getCode()).isEqualTo(ResponseCode.CHANGED);
        }
        assertThat(ingest.calls).extracting(c -> c.request().deviceId()).containsExactly(DEVICE, DEVICE);
    }

    /** EC P-256 key and certificate with CN={@code name}, signed by {@code ca} (self-signed CA if null). */
    private Path issue(String name, Path ca) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".crt");
        run(OPENSSL.toString(), "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-out", key.toString());
        if (ca == null) {
            run(OPENSSL.toString(), "req", "-x509", "-new", "-key", key.toString(), "-subj", "/CN=" + name,
                    "-days", "2", "-out", cert.toString());
        } else {
            Path csr = dir.resolve(name + ".csr");
            run(OPENSSL.toString(), "req", "-new", "-key", key.toString(), "-subj", "/CN=" + name,
                    "-out", csr.toString());
            run(OPENSSL.toString(), "x509", "-req", "-in", csr.toString(), "-CA", dir.resolve("ca.crt").toString(),
                    "-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2",
                    "-out", cert.toString());
        }
        return cert;
    }

    /** One PEM with the private key, the certificate and the CA certificate (the chain). */
    private Path bundle(Path cert) throws IOException {
        String name = cert.getFileName().toString().replace(".crt", "");
        Path pem = dir.resolve(name + "-bundle.pem");
        Files.writeString(pem, Files.readString(dir.resolve(name + ".key")) + Files.readString(cert)
                + Files.readString(dir.resolve("ca.crt")));
        return pem;
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("openssl.log"))).isZero();
    }
}
