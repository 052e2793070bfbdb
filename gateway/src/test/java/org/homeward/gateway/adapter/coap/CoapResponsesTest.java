package org.homeward.gateway.adapter.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.IngestOutcome;
import org.homeward.gateway.ingest.RecordRejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one failure mapping, reason by reason, and the settings' fail-fast bounds. */
@Timeout(10)
class CoapResponsesTest {
    final CoapResponses responses = new CoapResponses(17, 256);

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void everyFailureReasonHasItsCode(FailureReason reason) {
        Response response = responses.failure(new CompletionException(new IngestException(reason, "detail")));

        assertThat(response.getCode()).isEqualTo(switch (reason) {
            case MALFORMED_PAYLOAD, NO_VALID_RECORDS -> ResponseCode.BAD_REQUEST;
            case UNKNOWN_DEVICE -> ResponseCode.UNAUTHORIZED;
            case NOT_AUTHORIZED, DEVICE_NOT_ACTIVE -> ResponseCode.FORBIDDEN;
            case PAYLOAD_TOO_LARGE -> ResponseCode.REQUEST_ENTITY_TOO_LARGE;
            case OVERLOADED, RATE_LIMITED, STORAGE_FULL -> ResponseCode.SERVICE_UNAVAILABLE;
            case STORAGE_FAILED -> ResponseCode.INTERNAL_SERVER_ERROR;
        });
        assertThat(response.getOptions().hasMaxAge()).isEqualTo(reason.isRetryable() && reason != FailureReason.STORAGE_FAILED);
        if (response.getOptions().hasMaxAge()) {
            assertThat(response.getOptions().getMaxAge()).isEqualTo(17);
        }
    }

    @Test
    void unexpectedExceptionIs500() {
        assertThat(responses.failure(new IllegalStateException("bug")).getCode())
                .isEqualTo(ResponseCode.INTERNAL_SERVER_ERROR);
    }

    @Test
    void givenDiagnosticsLongerThanOneMessageThenTheyAreCutAtAWordBoundaryWithAnEllipsis() {
        var many = Collections.nCopies(100, new RecordRejection(3, "temperature-sensor-name", RecordRejection.Reason.UNKNOWN_UNIT,
                "temp unit 'degF' is not accepted; accepted: Cel, K"));
        Response response = responses.changed(new IngestOutcome(0, many, List.of()));

        assertThat(response.getPayloadSize()).isLessThanOrEqualTo(256);
        assertThat(response.getPayloadString()).startsWith("accepted 0, rejected 100: #3 unknown_unit: temp unit 'degF'")
                .endsWith("…").doesNotContain("Excep");
        String beforeEllipsis = response.getPayloadString().substring(0, response.getPayloadString().length() - 1);
        assertThat("accepted 0, rejected 100: " + many.stream().map(r -> "#3 unknown_unit: " + r.detail())
                .reduce((a, b) -> a + "; " + b).orElseThrow()).as("cut after a whole word")
                .matches(java.util.regex.Pattern.quote(beforeEllipsis) + "[ ;,:].*");
    }

    @Test
    void givenAReasonThatFitsThenItIsSentWhole() {
        String detail = "temp 52.0 Cel outside 25.0..45.0 °C; allowed future skew 300 s exceeded by the record at index 4"
                + " whose time is 1795420900 s";
        Response response = new CoapResponses(17, 1024).failure(new CompletionException(
                new IngestException(FailureReason.NO_VALID_RECORDS, detail)));
        assertThat(response.getPayloadString()).isEqualTo("no_valid_records: " + detail);
    }

    @Test
    void settingsOutOfBoundsAreRefusedByName() {
        var d = CoapSettings.defaults();
        assertThatThrownBy(() -> d.withCoaps(true, 70_000)).hasMessageContaining("coapsPort");
        var m = d.messages();
        assertThatThrownBy(() -> new CoapSettings.Messages(65_536, 500, 1024, m.blockwiseLifetime(),
                m.exchangeLifetime(), 64)).hasMessageContaining("preferredBlockSize");
        assertThat(d.sockets().connectionIdLength()).isEqualTo(6);
        assertThat(d.sockets().socketReceiveBufferBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(m.maxPayloadBytes()).isEqualTo(65_536);
    }
}
