package org.homeward.gateway.forward;

import java.util.Objects;

/**
 * What a {@link Sink} says about one record.
 *
 * @param outcome OK, TRANSIENT or PERMANENT
 * @param reason  why it failed (empty for OK); goes to the dead-letter file for PERMANENT
 */
public record DeliveryResult(Outcome outcome, String reason) {
    private static final DeliveryResult OK = new DeliveryResult(Outcome.OK, "");

    public DeliveryResult {
        Objects.requireNonNull(outcome, "outcome");
        reason = reason == null ? "" : reason;
    }

    /** Delivery outcomes. */
    public enum Outcome {
        /** The destination confirmed the record (or already had it, by its idempotency key). */
        OK,
        /** Not confirmed; may succeed on retry. */
        TRANSIENT,
        /** The destination will never accept the record as it is. */
        PERMANENT
    }

    public static DeliveryResult ok() {
        return OK;
    }

    public static DeliveryResult transientFailure(String reason) {
        return new DeliveryResult(Outcome.TRANSIENT, reason);
    }

    public static DeliveryResult permanentFailure(String reason) {
        return new DeliveryResult(Outcome.PERMANENT, reason);
    }
}
