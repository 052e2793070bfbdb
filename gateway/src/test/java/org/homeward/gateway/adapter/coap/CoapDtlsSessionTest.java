package org.homeward.gateway.adapter.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.homeward.gateway.adapter.coap.CoapAdapterTest.DEVICE;
import static org.homeward.gateway.adapter.coap.CoapAdapterTest.JSON;
import static org.homeward.gateway.adapter.coap.CoapAdapterTest.SECRET;
import static org.homeward.gateway.adapter.coap.TestCoapClient.Patience.QUICK;
import static org.homeward.gateway.adapter.coap.TestCoapClient.Patience.QUICK_COAP;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who may talk DTLS to the gateway, and what happens to a session when the device moves or is revoked. */
@Timeout(90)
class CoapDtlsSessionTest {
    final FakeIngest ingest = new FakeIngest();
    final FakeDirectory directory = new FakeDirectory().add(DEVICE, SECRET);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CoapAdapter adapter;

    @BeforeEach
    void start() {
        ingest.acceptAll();
        adapter = new CoapAdapter(CoapSettings.defaults().withHost("127.0.0.1").withCoaps(true, 0),
                new CoapParts(ingest, directory, e -> { }, registry, Clock.systemUTC()));
        adapter.start();
    }

    @AfterEach
    void stop() {
        adapter.close();
    }

    @Test
    void unknownIdentityFailsTheHandshakeAndIsCounted() throws Exception {
        try (TestCoapClient stranger = TestCoapClient.dtls("dev-unknown", SECRET, QUICK)) {
            var response = stranger.post(adapter.coapsPort(), "/v1/senml", 110, JSON, Type.CON);

            assertThatThrownBy(() -> response.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
        assertThat(ingest.calls).isEmpty();
        assertThat(count(Meters.AUTH_FAILURES, "reason", "unknown_device")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void wrongSecretFailsTheHandshake() throws Exception {
        try (TestCoapClient impostor = TestCoapClient.dtls(DEVICE, "not-the-secret", QUICK)) {
            var response = impostor.post(adapter.coapsPort(), "/v1/senml", 110, JSON, Type.CON);

            assertThatThrownBy(() -> response.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
        assertThat(ingest.calls).isEmpty();
        assertThat(count(Meters.DTLS_HANDSHAKES, "outcome", "ok")).isZero();
    }

    @Test
    void revokedDeviceLosesItsSessionAndCannotHandshakeAgain() throws Exception {
        try (TestCoapClient device = TestCoapClient.dtls(DEVICE, SECRET, QUICK_COAP)) {
            assertThat(post(device, adapter.coapsPort()).getCode()).isEqualTo(ResponseCode.CHANGED);
            InetSocketAddress seenByServer = device.localAddress();
            assertThat(adapter.hasDtlsSession(seenByServer)).isTrue();

            directory.revoke(DEVICE);

            await().atMost(Duration.ofSeconds(10)).until(() -> !adapter.hasDtlsSession(seenByServer));
            var stale = device.post(adapter.coapsPort(), "/v1/senml", 110, JSON, Type.CON);
            assertThatThrownBy(() -> stale.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
        try (TestCoapClient again = TestCoapClient.dtls(DEVICE, SECRET, QUICK)) {
            var retry = again.post(adapter.coapsPort(), "/v1/senml", 110, JSON, Type.CON);
            assertThatThrownBy(() -> retry.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
        assertThat(ingest.calls).hasSize(1);
        assertThat(count(Meters.AUTH_FAILURES, "reason", "revoked")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void deviceThatChangesAddressKeepsItsSessionThroughTheConnectionId() throws Exception {
        var server = new InetSocketAddress("127.0.0.1", adapter.coapsPort());
        try (RebindingUdpForwarder nat = new RebindingUdpForwarder(server);
             TestCoapClient device = TestCoapClient.dtls(DEVICE, SECRET)) {
            assertThat(post(device, nat.port()).getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(adapter.hasDtlsSession(nat.upstreamAddress())).isTrue();

            nat.rebind();

            assertThat(post(device, nat.port()).getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(adapter.hasDtlsSession(nat.upstreamAddress())).isTrue();
        }
        assertThat(ingest.calls).hasSize(2);
        assertThat(count(Meters.DTLS_HANDSHAKES, "outcome", "ok")).as("no second handshake").isEqualTo(1.0);
    }

    private static org.eclipse.californium.core.coap.Response post(TestCoapClient client, int port)
            throws Exception {
        return client.post(port, "/v1/senml", 110, JSON, Type.CON).get(30, TimeUnit.SECONDS);
    }

    private double count(String name, String tag, String value) {
        var counter = registry.find(name).tag("transport", "coap").tag(tag, value).counter();
        return counter == null ? 0.0 : counter.count();
    }
}
