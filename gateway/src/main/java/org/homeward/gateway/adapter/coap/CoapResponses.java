package org.homeward.gateway.adapter.coap;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.IngestOutcome;
import org.homeward.gateway.ingest.RecordRejection;

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
 * Diagnostic payloads are short UTF-8 text (RFC 7252 §5.5.2), capped so they fit one datagram.
 */
final class CoapResponses {
    /** Keeps a diagnostic inside one block of the smallest common size. */
    static final int MAX_DIAGNOSTIC_BYTES = 256;

    private final int overloadMaxAgeSeconds;

    CoapResponses(int overloadMaxAgeSeconds) {
        this.overloadMaxAgeSeconds = overloadMaxAgeSeconds;
    }

    /** 2.04 for a durable pack; the payload lists refused records so the device can log them. */
    Response changed(IngestOutcome outcome) {
        Response response = new Response(ResponseCode.CHANGED);
        if (!outcome.rejections().isEmpty()) {
            StringBuilder text = new StringBuilder("accepted ").append(outcome.accepted())
                    .append(", rejected ").append(outcome.rejections().size()).append(':');
            for (RecordRejection r : outcome.rejections()) {
                text.append(" #").append(r.index()).append(' ').append(r.name()).append(' ')
                        .append(r.reason().tag()).append(';');
            }
            response.setPayload(truncate(text.toString()));
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
            response.setPayload(truncate(diagnostic));
        }
        return response;
    }

    private Response retryLater(FailureReason reason) {
        Response response = error(ResponseCode.SERVICE_UNAVAILABLE, reason.tag());
        response.getOptions().setMaxAge(overloadMaxAgeSeconds);
        return response;
    }

    private static byte[] truncate(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_DIAGNOSTIC_BYTES) {
            return bytes;
        }
        // cut on a character boundary so the diagnostic stays valid UTF-8
        int end = MAX_DIAGNOSTIC_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return java.util.Arrays.copyOf(bytes, end);
    }
}
