package org.homeward.gateway.forward;

import java.util.List;

/**
 * One northbound destination (FHIR server, MQTT broker, Kafka cluster) that a {@link Forwarder}
 * feeds from the journal.
 *
 * <p>Threading: each sink is driven by exactly one forwarder thread; {@link #deliver} is never
 * called concurrently, so implementations need no locking of their own. {@link #close} may be
 * called from another thread while a delivery is in progress and must make it return promptly.
 *
 * <p>Blocking: {@link #deliver} may block on the network, but every wait is bounded by a
 * time-out from the sink's settings; a delivery never hangs. An expired time-out is a
 * {@link DeliveryResult.Outcome#TRANSIENT} result.
 *
 * <p>Failures: {@link DeliveryResult.Outcome#TRANSIENT} means "not confirmed, may succeed later"
 * (connection refused, time-out, HTTP 5xx/408/429, broker unavailable); the forwarder retries
 * with back-off. {@link DeliveryResult.Outcome#PERMANENT} means "the destination will never take
 * this record as it is" (HTTP 4xx, a record too large, a validation error); the forwarder writes
 * it to the dead-letter file and moves on. A sink should not throw; a {@link RuntimeException}
 * is treated as TRANSIENT for the whole batch.
 *
 * <p>Order: records are given in the order the forwarder wants them to arrive (see
 * {@link Forwarder}). A sink delivers them in list order and, when one fails transiently, should
 * not confirm later records of the same patient that it did not actually deliver in order; the
 * simplest correct way is to stop at the first failure and report the rest as TRANSIENT.
 * Duplicates are allowed (at-least-once): every record carries an idempotency key.
 */
public interface Sink extends AutoCloseable {

    /** Short, stable, low-cardinality name used in file names and metric tags, e.g. {@code fhir}. */
    String name();

    /**
     * Delivers a non-empty batch and returns one result per record, in the same order and of the
     * same size as {@code batch}.
     */
    List<DeliveryResult> deliver(List<ForwardRecord> batch);

    /** Releases connections; idempotent. */
    @Override
    void close();
}
