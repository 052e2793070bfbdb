package org.homeward.gateway.adapter.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.Response;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.Transport;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.IngestOutcome;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** POST /v1/senml over DTLS-PSK against a fake ingest service: what the device sees. */
@Timeout(60)
class CoapAdapterTest {
    static final String DEVICE = "dev-7f3a";
    static final String SECRET = "s3cret-of-dev-7f3a-0123456789abcdef";
    static final byte[] JSON = "[{\"bn\":\"urn:dev:x:\",\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.2}]"
            .getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    final FakeIngest ingest = new FakeIngest();
    final FakeDirectory directory = new FakeDirectory().add(DEVICE, SECRET);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    CoapAdapter adapter;
    TestCoapClient client;

    @BeforeEach
    void start() throws Exception {
        adapter = new CoapAdapter(CoapSettings.defaults().withHost("127.0.0.1").withCoaps(true, 0),
                new CoapParts(ingest, directory, events::add, registry, Clock.fixed(NOW, ZoneOffset.UTC)));
        adapter.start();
        client = TestCoapClient.dtls(DEVICE, SECRET);
    }

    @AfterEach
    void stop() {
        client.close();
        adapter.close();
    }

    @Test
    void confirmablePostIsAcknowledgedOnlyOnceTheIngestFutureCompletes() throws Exception {
        CompletableFuture<Response> response = post(110, JSON, Type.CON);

        await().atMost(Duration.ofSeconds(20)).until(() -> ingest.calls.size() == 1);
        assertThatThrownBy(() -> response.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        ingest.calls.get(0).future().complete(FakeIngest.ok(1));
        Response answer = response.get(20, TimeUnit.SECONDS);
        assertThat(answer.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(answer.getPayloadSize()).isZero();

        var request = ingest.calls.get(0).request();
        assertThat(request.deviceId()).isEqualTo(DEVICE);
        assertThat(request.transport()).isEqualTo(Transport.COAP);
        assertThat(request.format()).isEqualTo(PayloadFormat.SENML_JSON);
        assertThat(request.payload()).isEqualTo(JSON);
        assertThat(request.receivedAtMillis()).isEqualTo(NOW.toEpochMilli());
        assertThat(ingest.calls).hasSize(1);
    }

    @Test
    void retransmissionsWhileTheWriteIsPendingAreIngestedOnce() throws Exception {
        try (TestCoapClient impatient = TestCoapClient.dtls(DEVICE, SECRET, TestCoapClient.Patience.QUICK_COAP)) {
            CompletableFuture<Response> response = impatient.post(adapter.coapsPort(), "/v1/senml", 110, JSON,
                    Type.CON);
            await().atMost(Duration.ofSeconds(20)).until(() -> ingest.calls.size() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> impatient.retransmissions.get() >= 1);

            ingest.calls.get(0).future().complete(FakeIngest.ok(1));

            assertThat(response.get(20, TimeUnit.SECONDS).getCode()).isEqualTo(ResponseCode.CHANGED);
            assertThat(ingest.calls).hasSize(1);
        }
    }

    @Test
    void cborPackIsIngestedAsSenmlCbor() throws Exception {
        ingest.acceptAll();
        byte[] cbor = {(byte) 0x81, (byte) 0xa2, 0x00, 0x64, 't', 'e', 'm', 'p', 0x02, (byte) 0xf9, 0x50, (byte) 0xa6};

        Response answer = post(112, cbor, Type.CON).get(20, TimeUnit.SECONDS);

        assertThat(answer.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(ingest.calls.get(0).request().format()).isEqualTo(PayloadFormat.SENML_CBOR);
        assertThat(ingest.calls.get(0).request().payload()).isEqualTo(cbor);
    }

    @Test
    void nonConfirmablePostGetsANonConfirmableResponse() throws Exception {
        ingest.acceptAll();

        Response answer = post(110, JSON, Type.NON).get(20, TimeUnit.SECONDS);

        assertThat(answer.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(answer.getType()).isEqualTo(Type.NON);
    }

    @Test
    void otherOrMissingContentFormatIsRefusedWith415AndNeverIngested() throws Exception {
        ingest.acceptAll();

        assertThat(post(50, JSON, Type.CON).get(20, TimeUnit.SECONDS).getCode())
                .isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        assertThat(post(-1, JSON, Type.CON).get(20, TimeUnit.SECONDS).getCode())
                .isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);

        assertThat(ingest.calls).isEmpty();
        assertThat(count(Meters.PROTOCOL_ERRORS, "reason", "unsupported_content_format")).isEqualTo(2.0);
    }

    @Test
    void malformedPackGets400WithTheDiagnostic() throws Exception {
        ingest.answer = r -> CompletableFuture.failedFuture(
                new IngestException(FailureReason.MALFORMED_PAYLOAD, "expected a JSON array at offset 0"));

        Response answer = post(110, "{oops".getBytes(StandardCharsets.UTF_8), Type.CON).get(20, TimeUnit.SECONDS);

        assertThat(answer.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(answer.getPayloadString()).contains("malformed_payload").contains("expected a JSON array");
    }

    @Test
    void overloadIsAnswered503WithMaxAge() throws Exception {
        ingest.answer = r -> CompletableFuture.failedFuture(new IngestException(FailureReason.OVERLOADED, "full"));

        Response answer = post(110, JSON, Type.CON).get(20, TimeUnit.SECONDS);

        assertThat(answer.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(answer.getOptions().hasMaxAge()).isTrue();
        assertThat(answer.getOptions().getMaxAge()).isEqualTo(CoapSettings.defaults().sockets().overloadMaxAgeSeconds());
    }

    @Test
    void storageFailureIs500AndNothingIsAcknowledged() throws Exception {
        ingest.answer = r -> CompletableFuture.failedFuture(new IngestException(FailureReason.STORAGE_FAILED, "io"));

        assertThat(post(110, JSON, Type.CON).get(20, TimeUnit.SECONDS).getCode())
                .isEqualTo(ResponseCode.INTERNAL_SERVER_ERROR);
    }

    @Test
    void rejectedRecordsAreListedInThe204Payload() throws Exception {
        ingest.answer = r -> CompletableFuture.completedFuture(new IngestOutcome(2, List.of(new RecordRejection(
                1, "temp", RecordRejection.Reason.IMPLAUSIBLE_VALUE, "temp 52.0 Cel outside 25.0..45.0")), List.of()));

        Response answer = post(110, JSON, Type.CON).get(20, TimeUnit.SECONDS);

        assertThat(answer.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(answer.getPayloadString())
                .isEqualTo("accepted 2, rejected 1: #1 implausible_value: temp 52.0 Cel outside 25.0..45.0");
    }

    @Test
    void blockwisePackOfFourKibArrivesWhole() throws Exception {
        ingest.acceptAll();
        StringBuilder pack = new StringBuilder("[{\"bn\":\"urn:dev:x:\",\"bt\":1.7e9}");
        for (int i = 0; pack.length() < 4096; i++) {
            pack.append(",{\"n\":\"hr\",\"u\":\"beat/min\",\"t\":").append(i).append(",\"v\":72}");
        }
        byte[] bytes = pack.append(']').toString().getBytes(StandardCharsets.UTF_8);

        Response answer = post(110, bytes, Type.CON).get(30, TimeUnit.SECONDS);

        assertThat(answer.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(answer.getOptions().hasBlock1()).as("transfer used Block1").isTrue();
        assertThat(ingest.calls).hasSize(1);
        assertThat(ingest.calls.get(0).request().payload()).isEqualTo(bytes);
    }

    @Test
    void otherMethodsAre405AndCounted() throws Exception {
        Response answer = client.get(adapter.coapsPort(), "/v1/senml").get(20, TimeUnit.SECONDS);

        assertThat(answer.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(count(Meters.PROTOCOL_ERRORS, "reason", "method_not_allowed")).isEqualTo(1.0);
        assertThat(ingest.calls).isEmpty();
    }

    @Test
    void completedHandshakeReportsTheDeviceConnectedAndCountsIt() throws Exception {
        ingest.acceptAll();

        post(110, JSON, Type.CON).get(20, TimeUnit.SECONDS);

        assertThat(count(Meters.DTLS_HANDSHAKES, "outcome", "ok")).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
        assertThat(events.get(0).type()).isEqualTo(DeviceEvent.Type.CONNECTED);
        assertThat(events.get(0).deviceId()).isEqualTo(DEVICE);
    }

    @Test
    void aPortInUseStopsStartUpWithAClearError() {
        CoapAdapter second = new CoapAdapter(CoapSettings.defaults().withHost("127.0.0.1")
                .withCoaps(true, adapter.coapsPort()),
                new CoapParts(ingest, directory, events::add, registry, Clock.systemUTC()));

        assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CoAP adapter failed to start");
        second.close();
    }

    private CompletableFuture<Response> post(int contentFormat, byte[] payload, Type type) {
        return client.post(adapter.coapsPort(), "/v1/senml", contentFormat, payload, type);
    }

    private double count(String name, String tag, String value) {
        var counter = registry.find(name).tag("transport", "coap").tag(tag, value).counter();
        return counter == null ? 0.0 : counter.count();
    }
}
