package org.homeward.gateway.adapter.mqtt;

import org.homeward.gateway.ingest.FailureReason;

/**
 * The one mapping of ingest failures to MQTT.
 *
 * <p>MQTT 5: the PUBACK/PUBREC carries a reason code (spec §3.4.2.1 lists the codes valid there;
 * 0x95 Packet too large is not one of them, so a pack beyond the ingest size limit gets 0x97
 * Quota exceeded with a Reason String):
 * <ul>
 * <li>MALFORMED_PAYLOAD, NO_VALID_RECORDS → 0x99 Payload format invalid</li>
 * <li>PAYLOAD_TOO_LARGE → 0x97 Quota exceeded</li>
 * <li>UNKNOWN_DEVICE, DEVICE_NOT_ACTIVE, NOT_AUTHORIZED → 0x87 Not authorized</li>
 * <li>RATE_LIMITED, OVERLOADED, STORAGE_FULL → 0x97 Quota exceeded (retry later)</li>
 * <li>STORAGE_FAILED → 0x80 Unspecified error (retry later)</li>
 * </ul>
 *
 * <p>MQTT 3.1.1 has no negative acknowledgement. A retryable failure (and an authorization
 * failure) closes the connection without PUBACK, so the device keeps the reading and sends it
 * again with DUP after reconnecting. A content failure (malformed, no valid record, too large)
 * is acknowledged and dropped, counted by ingest: resending the same bytes could never succeed
 * and would block the device's queue forever.
 */
final class PublishFailures {
    private PublishFailures() {
    }

    static byte reasonCode(FailureReason reason) {
        return switch (reason) {
            case MALFORMED_PAYLOAD, NO_VALID_RECORDS -> (byte) 0x99;
            case PAYLOAD_TOO_LARGE, RATE_LIMITED, OVERLOADED, STORAGE_FULL -> (byte) 0x97;
            case UNKNOWN_DEVICE, DEVICE_NOT_ACTIVE, NOT_AUTHORIZED -> (byte) 0x87;
            case STORAGE_FAILED -> (byte) 0x80;
        };
    }

    /** For MQTT 3.1.1: close without acknowledging (true) or acknowledge and drop (false). */
    static boolean closeOnV3(FailureReason reason) {
        return switch (reason) {
            case MALFORMED_PAYLOAD, NO_VALID_RECORDS, PAYLOAD_TOO_LARGE -> false;
            default -> true;
        };
    }

    /** MQTT 5 DISCONNECT reason code when a v5 QoS 0 publish is refused outright. */
    static byte disconnectCode(FailureReason reason) {
        return switch (reason) {
            case UNKNOWN_DEVICE, DEVICE_NOT_ACTIVE, NOT_AUTHORIZED -> (byte) 0x87;
            default -> (byte) 0x83;
        };
    }
}
