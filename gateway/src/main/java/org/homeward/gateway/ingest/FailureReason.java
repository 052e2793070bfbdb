package org.homeward.gateway.ingest;

import java.util.Locale;

/**
 * The one vocabulary of ingest failures. Each adapter maps it once to its protocol (MQTT 5 reason
 * code, CoAP response code); each is a value of the {@code outcome} metric tag.
 */
public enum FailureReason {
    /** The pack is not valid SenML (bad JSON/CBOR, wrong structure, unknown mandatory {@code _} field). */
    MALFORMED_PAYLOAD(false),
    /** The pack is well-formed but no record in it was acceptable (every record rejected). */
    NO_VALID_RECORDS(false),
    /** The pack exceeds the configured maximum size or record count. */
    PAYLOAD_TOO_LARGE(false),
    /** The device id is not registered. */
    UNKNOWN_DEVICE(false),
    /** The device was revoked or is not assigned to a patient. */
    DEVICE_NOT_ACTIVE(false),
    /** The device tried to act for another device or on a topic it may not use. */
    NOT_AUTHORIZED(false),
    /** The device exceeded its message rate. Retry later. */
    RATE_LIMITED(true),
    /** Bounded queues are full. Retry later. */
    OVERLOADED(true),
    /** The disk-usage limit is reached; data is refused before anything is corrupted. Retry later. */
    STORAGE_FULL(true),
    /** The durable write failed. Retry later; nothing was acknowledged. */
    STORAGE_FAILED(true);

    private final boolean retryable;

    FailureReason(boolean retryable) {
        this.retryable = retryable;
    }

    /** True if the device should keep the data and send it again later. */
    public boolean isRetryable() {
        return retryable;
    }

    /** Lower-case metric tag value, e.g. {@code malformed_payload}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
