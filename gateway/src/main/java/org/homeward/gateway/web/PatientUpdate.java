package org.homeward.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homeward.gateway.processing.PatientSnapshot;

/**
 * One changed patient, serialised once for every viewer (issue 14). {@link LiveHub} makes one per
 * change and offers the same instance to every viewer; the first viewer to drain it serialises the
 * {@code patient} message and the others write the same bytes. Before, each viewer built its own
 * JSON tree and String: about 10 µs and 18 KB per viewer per pack (docs/benchmarks.md).
 *
 * <p>The bytes carry the {@code serverTime} they were made at (ages in the message are computed
 * against it, and the page syncs its clock to it). A viewer that drains the update much later
 * (a slow reader held back by its socket) would get a stale {@code serverTime}: past
 * {@link #MAX_REUSE_MILLIS} the message is serialised afresh and that newer copy is shared instead.
 *
 * <p>Threading: immutable apart from the cached encoding, which is published through a volatile
 * field; two event loops that miss the cache at once may both serialise (harmless, identical shape).
 */
final class PatientUpdate {
    /** How old a shared encoding may be and still be written (its {@code serverTime} drifts by this much at most). */
    static final long MAX_REUSE_MILLIS = 1_000;

    private record Encoded(long serverTime, byte[] bytes) {
    }

    private final PatientSnapshot snapshot;
    private final long receivedAtMillis;
    private volatile Encoded encoded;

    PatientUpdate(PatientSnapshot snapshot, long receivedAtMillis) {
        this.snapshot = snapshot;
        this.receivedAtMillis = receivedAtMillis;
    }

    PatientSnapshot snapshot() {
        return snapshot;
    }

    long receivedAtMillis() {
        return receivedAtMillis;
    }

    /** The UTF-8 text of the {@code patient} message as of {@code now}; shared, never modify it. */
    byte[] bytes(long now) {
        Encoded e = encoded;
        if (e == null || now - e.serverTime() > MAX_REUSE_MILLIS) {
            e = new Encoded(now, encode(now));
            encoded = e;
        }
        return e.bytes();
    }

    private byte[] encode(long now) {
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("type", "patient");
        n.put("serverTime", now);
        n.set("patient", JsonViews.patient(snapshot, now));
        if (receivedAtMillis > 0) {
            n.put("receivedAtMillis", receivedAtMillis);
        }
        try {
            return JsonViews.MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("JSON tree cannot fail to serialise", ex);
        }
    }
}
