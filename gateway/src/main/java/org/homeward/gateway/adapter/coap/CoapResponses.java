package org.homeward.gateway.adapter.coap;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.IngestOutcome;
import org.homeward.gateway.ingest.ReasonText;

/**
 * The one place where ingest results become CoAP responses.
 *
 * <pre>
 * durable                                  2.04 Changed (+ text listing rejected records, if any)
 * MALFORMED_PAYLOAD, NO_VALID_RECORDS      4.00 Bad Request (diagnostic payload)
 * UNKNOWN_DEVICE                           4.01 Unauthorized
 * NOT_AUTHORIZED, DEVICE_NOT_ACTIVE        4.03 Forbidden
 * PAYLOAD_TOO_LARGE                        4.13 Request Entity Too Large
 * OVERLOADED, RATE_LIMITED, STORAGE_FULL   5.03 Service Unavailable + Max-Age (retry after)
 * STORAGE_FAILED, anything unexpected      5.00 Internal Server Error
 * </pre>
 *
 * Diagnostic payloads are UTF-8 text (RFC 7252 §5.5.2) with the full reason; only a reason longer than one
 * message ({@code coap.max-message-size}) is cut, at a word boundary with an ellipsis.
 */
final class CoapResponses {
    private final int overloadMaxAgeSeconds;
    private final int maxDiagnosticBytes;

    /** @param maxDiagnosticBytes the largest payload of one CoAP message ({@code coap.max-message-size}) */
    CoapResponses(int overloadMaxAgeSeconds, int maxDiagnosticBytes) {
        this.overloadMaxAgeSeconds = overloadMaxAgeSeconds;
        this.maxDiagnosticBytes = maxDiagnosticBytes;
    }

    /** 2.04 for a durable pack; the payload lists refused records with their full reasons so the device can log them. */
    Response changed(IngestOutcome outcome) {
        Response response = new Response(ResponseCode.CHANGED);
        if (!outcome.rejections().isEmpty()) {
            response.setPayload(fit("accepted " + outcome.accepted() + ", rejected " + outcome.rejections().size()
                    + ": " + ReasonText.rejections(outcome.rejections())));
            response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        }
        return response;
    }

    /** The response for a failed ingest future. */
    Response failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (!(cause instanceof IngestException ingest)) {
            return error(ResponseCode.INTERNAL_SERVER_ERROR, "internal error");
        }
        FailureReason reason = ingest.reason();
        return switch (reason) {
            case MALFORMED_PAYLOAD, NO_VALID_RECORDS -> error(ResponseCode.BAD_REQUEST, ingest.getMessage());
            case UNKNOWN_DEVICE -> error(ResponseCode.UNAUTHORIZED, reason.tag());
            case NOT_AUTHORIZED, DEVICE_NOT_ACTIVE -> error(ResponseCode.FORBIDDEN, reason.tag());
            case PAYLOAD_TOO_LARGE -> error(ResponseCode.REQUEST_ENTITY_TOO_LARGE, ingest.getMessage());
            case OVERLOADED, RATE_LIMITED, STORAGE_FULL -> retryLater(reason);
            case STORAGE_FAILED -> error(ResponseCode.INTERNAL_SERVER_ERROR, reason.tag());
        };
    }

    /** A refusal with a short diagnostic text. */
    Response error(ResponseCode code, String diagnostic) {
        Response response = new Response(code);
        if (diagnostic != null && !diagnostic.isEmpty()) {
            response.setPayload(fit(diagnostic));
        }
        return response;
    }

    private Response retryLater(FailureReason reason) {
        Response response = error(ResponseCode.SERVICE_UNAVAILABLE, reason.tag());
        response.getOptions().setMaxAge(overloadMaxAgeSeconds);
        return response;
    }

    /** The full text, or cut at a word boundary with "…" so it stays within one message. */
    private byte[] fit(String text) {
        return ReasonText.fit(text, maxDiagnosticBytes).getBytes(StandardCharsets.UTF_8);
    }
}
