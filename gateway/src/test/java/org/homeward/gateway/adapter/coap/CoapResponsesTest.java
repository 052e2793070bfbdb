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
    final CoapResponses responses = new CoapResponses(17);

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
    void longDiagnosticsAreCutToOneSmallBlock() {
        var many = Collections.nCopies(100, new RecordRejection(3, "temperature-sensor-name", RecordRejection.Reason.UNKNOWN_UNIT,
                "x"));
        Response response = responses.changed(new IngestOutcome(0, many, List.of()));

        assertThat(response.getPayloadSize()).isLessThanOrEqualTo(CoapResponses.MAX_DIAGNOSTIC_BYTES);
        assertThat(response.getPayloadString()).startsWith("accepted 0, rejected 100:");
    }

    @Test
    void settingsOutOfBoundsAreRefusedByName() {
        var d = CoapSettings.defaults();
        assertThatThrownBy(() -> d.withCoaps(true, 70_000)).hasMessageContaining("coapsPort");
        assertThatThrownBy(() -> new CoapSettings(false, 0, true, 0, "127.0.0.1", 65_536, 500, 1024,
                d.blockwiseLifetime(), d.exchangeLifetime(), 64, 10, 10, d.staleConnection(), d.socketReceiveBufferBytes(),
                d.socketSendBufferBytes(), 6, 10, null)).hasMessageContaining("preferredBlockSize");
        assertThat(d.connectionIdLength()).isEqualTo(6);
        assertThat(d.socketReceiveBufferBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(d.maxPayloadBytes()).isEqualTo(65_536);
    }
}
