package org.homeward.gateway.adapter.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.adapter.coap.CoapAdapterTest.DEVICE;
import static org.homeward.gateway.adapter.coap.CoapAdapterTest.JSON;
import static org.homeward.gateway.adapter.coap.CoapAdapterTest.SECRET;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The plain-CoAP lab listener: off by default, and when on, every request proves its secret. */
@Timeout(60)
class CoapLabListenerTest {
    final FakeIngest ingest = new FakeIngest();
    final FakeDirectory directory = new FakeDirectory().add(DEVICE, SECRET);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CoapAdapter adapter;
    TestCoapClient client;

    @BeforeEach
    void start() throws Exception {
        ingest.acceptAll();
        adapter = new CoapAdapter(CoapSettings.defaults().withHost("127.0.0.1").withCoap(true, 0).withCoaps(false, 0),
                new CoapParts(ingest, directory, e -> { }, registry, Clock.systemUTC()));
        adapter.start();
        client = TestCoapClient.plain();
    }

    @AfterEach
    void stop() {
        client.close();
        adapter.close();
    }

    @Test
    void plainCoapIsOffByDefault() {
        assertThat(CoapSettings.defaults().listeners().coapEnabled()).isFalse();
        assertThat(adapter.coapsPort()).isEqualTo(-1);
    }

    @Test
    void deviceIdAndSecretInTheQueryAreVerified() throws Exception {
        var answer = client.post(adapter.coapPort(), "/v1/senml?d=" + DEVICE + "&k=" + SECRET, 110, JSON, Type.CON)
                .get(20, TimeUnit.SECONDS);

        assertThat(answer.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(ingest.calls.get(0).request().deviceId()).isEqualTo(DEVICE);
    }

    @Test
    void missingOrWrongSecretIs401AndCounted() throws Exception {
        var missing = client.post(adapter.coapPort(), "/v1/senml?d=" + DEVICE, 110, JSON, Type.CON)
                .get(20, TimeUnit.SECONDS);
        var wrong = client.post(adapter.coapPort(), "/v1/senml?d=" + DEVICE + "&k=guess", 110, JSON, Type.CON)
                .get(20, TimeUnit.SECONDS);

        assertThat(missing.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(wrong.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(ingest.calls).isEmpty();
        assertThat(registry.find(Meters.AUTH_FAILURES).tag("reason", "bad_secret").counter().count()).isEqualTo(1.0);
        assertThat(registry.find(Meters.AUTH_FAILURES).tag("reason", "missing_credentials").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void packAboveTheLimitIsRefusedWith413EvenWhenSentBlockwise() throws Exception {
        adapter.close();
        adapter = new CoapAdapter(CoapSettings.defaults().withHost("127.0.0.1").withCoap(true, 0).withCoaps(false, 0)
                .withMaxPayloadBytes(2048),
                new CoapParts(ingest, directory, e -> { }, registry, Clock.systemUTC()));
        adapter.start();
        byte[] big = new byte[4096];
        java.util.Arrays.fill(big, (byte) ' ');
        byte[] small = new byte[1500];
        java.util.Arrays.fill(small, (byte) ' ');
        String auth = "/v1/senml?d=" + DEVICE + "&k=" + SECRET;

        var tooBig = client.post(adapter.coapPort(), auth, 110, big, Type.CON).get(20, TimeUnit.SECONDS);
        var fits = client.post(adapter.coapPort(), auth, 110, small, Type.CON).get(20, TimeUnit.SECONDS);

        assertThat(tooBig.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(fits.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(ingest.calls).hasSize(1);
    }

    @Test
    void noCaliforniumPropertiesFileIsWrittenToTheWorkingDirectory() throws Exception {
        client.post(adapter.coapPort(), "/v1/senml?d=" + DEVICE + "&k=" + SECRET, 110, JSON, Type.CON)
                .get(20, TimeUnit.SECONDS);

        assertThat(Files.exists(Path.of("Californium3.properties"))).isFalse();
        assertThat(Files.exists(Path.of(System.getProperty("user.dir"), "Californium3.properties"))).isFalse();
    }
}
