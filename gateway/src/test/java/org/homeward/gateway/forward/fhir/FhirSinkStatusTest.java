package org.homeward.gateway.forward.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.DeliveryResult;
import org.homeward.gateway.forward.ForwardRecord;
import org.homeward.gateway.forward.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the FHIR sink maps HTTP answers to outcomes (a stub HTTP server: this is the sink's own logic). */
@Timeout(30)
class FhirSinkStatusTest {
    HttpServer http;
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicReference<String> authorization = new AtomicReference<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicReference<String> body = new AtomicReference<>(
            "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"invalid\",\"diagnostics\":\"nope\"}]}");
    FhirSink sink;

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/fhir", ex -> {
            requests.incrementAndGet();
            authorization.set(ex.getRequestHeaders().getFirst("Authorization"));
            ex.getRequestBody().readAllBytes();
            byte[] out = body.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        http.start();
        sink = new FhirSink(FhirSinkSettings.defaults(URI.create("http://127.0.0.1:" + http.getAddress().getPort()
                + "/fhir"), "gw1").withBearerToken("abc").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        sink.close();
        http.stop(0);
    }

    static ForwardRecord temp(int n) {
        return ForwardRecord.reading("gw1", n, 0, TestRecords.reading("p1", Vital.TEMP, 37, n));
    }

    @ParameterizedTest
    @CsvSource({"200,OK", "201,OK", "400,PERMANENT", "422,PERMANENT", "401,TRANSIENT", "403,TRANSIENT",
            "404,TRANSIENT", "405,TRANSIENT", "408,TRANSIENT", "409,TRANSIENT", "412,TRANSIENT", "429,TRANSIENT",
            "500,TRANSIENT", "503,TRANSIENT"})
    void givenAnHttpStatusWithAnOperationOutcome_thenOnlyAContentRefusalIsPermanent(int code, DeliveryResult.Outcome expected) {
        status.set(code);
        DeliveryResult r = sink.deliver(List.of(temp(1))).get(0);
        assertThat(r.outcome()).isEqualTo(expected);
        if (expected != DeliveryResult.Outcome.OK) {
            assertThat(r.reason()).startsWith("HTTP " + code).contains("nope");
        }
        assertThat(authorization.get()).isEqualTo("Bearer abc");
    }

    @Test
    void givenA400WithoutAnOperationOutcome_likeAProxyPage_thenItIsTransientNotADeadLetter() {
        status.set(400);
        body.set("<html><body>Bad Request</body></html>");
        DeliveryResult r = sink.deliver(List.of(temp(1))).get(0);
        assertThat(r.outcome()).isEqualTo(DeliveryResult.Outcome.TRANSIENT);
        assertThat(r.reason()).startsWith("HTTP 400").contains("Bad Request");
    }

    @Test
    void givenA401WithAFixedToken_thenTheRequestIsSentOnceMoreAndStaysTransient() {
        status.set(401);
        assertThat(sink.deliver(List.of(temp(1))).get(0).outcome()).isEqualTo(DeliveryResult.Outcome.TRANSIENT);
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void aRejectedBatchIsRetriedEntryByEntryToFindTheOffender() {
        status.set(422);
        List<DeliveryResult> r = sink.deliver(List.of(temp(1), temp(2), temp(3)));
        assertThat(r).extracting(DeliveryResult::outcome).containsOnly(DeliveryResult.Outcome.PERMANENT);
        assertThat(requests.get()).isEqualTo(4);
    }

    @Test
    void readingsThatAreNotVitalSignsAreConfirmedWithoutARequest() {
        ForwardRecord battery = ForwardRecord.reading("gw1", 1, 0, TestRecords.reading("p1", Vital.BAT, 80, 1));
        assertThat(sink.deliver(List.of(battery))).containsExactly(DeliveryResult.ok());
        assertThat(requests.get()).isZero();
    }

    @Test
    void aServerThatIsNotThereIsTransient() {
        http.stop(0);
        assertThat(sink.deliver(List.of(temp(1))).get(0).outcome()).isEqualTo(DeliveryResult.Outcome.TRANSIENT);
    }
}
