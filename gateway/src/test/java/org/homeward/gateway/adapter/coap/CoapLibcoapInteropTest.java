package org.homeward.gateway.adapter.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.adapter.coap.CoapAdapterTest.DEVICE;
import static org.homeward.gateway.adapter.coap.CoapAdapterTest.SECRET;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.ingest.PayloadFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent DTLS stack (libcoap + OpenSSL) as the device. Its {@code -k} key is the ASCII
 * secret, which must equal {@code DeviceDirectory.pskFor} (the UTF-8 bytes of the secret).
 */
@Timeout(60)
class CoapLibcoapInteropTest {
    static final Path CLIENT = Path.of("/usr/bin/coap-client-openssl");

    final FakeIngest ingest = new FakeIngest();
    final FakeDirectory directory = new FakeDirectory().add(DEVICE, SECRET);
    CoapAdapter adapter;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(Files.isExecutable(CLIENT), "coap-client-openssl (libcoap) is not installed");
        ingest.acceptAll();
        adapter = new CoapAdapter(CoapSettings.defaults().withHost("127.0.0.1").withCoaps(true, 0),
                new CoapParts(ingest, directory, e -> { }, new SimpleMeterRegistry(), Clock.systemUTC()));
        adapter.start();
    }

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.close();
        }
    }

    @Test
    void libcoapClientPostsOverDtlsPskAndGets204(@TempDir Path dir) throws Exception {
        String json = "[{\"bn\":\"urn:dev:x:\",\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97}]";
        Path log = dir.resolve("coap-client.log");
        Process process = new ProcessBuilder(CLIENT.toString(), "-m", "post", "-t", "110", "-u", DEVICE,
                "-k", SECRET, "-e", json, "-B", "20", "-v", "6",
                "coaps://127.0.0.1:" + adapter.coapsPort() + "/v1/senml")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        boolean exited = process.waitFor(40, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(exited).as("libcoap finished: %s", output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("2.04");
        assertThat(ingest.calls).hasSize(1);
        assertThat(ingest.calls.get(0).request().deviceId()).isEqualTo(DEVICE);
        assertThat(ingest.calls.get(0).request().format()).isEqualTo(PayloadFormat.SENML_JSON);
        assertThat(new String(ingest.calls.get(0).request().payload(), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void libcoapClientWithAWrongKeyIsRefused(@TempDir Path dir) throws Exception {
        Process process = new ProcessBuilder(List.of(CLIENT.toString(), "-m", "post", "-t", "110", "-u", DEVICE,
                "-k", "wrong-key", "-e", "[]", "-B", "5",
                "coaps://127.0.0.1:" + adapter.coapsPort() + "/v1/senml"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();

        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertThat(ingest.calls).isEmpty();
    }
}
