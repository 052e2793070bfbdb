package org.homeward.gateway.adapter.coap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.homeward.gateway.domain.Transport;
import org.homeward.gateway.metrics.Meters;

/**
 * The adapter's own counters: refusals before ingest and DTLS handshakes. Ingest outcomes are
 * counted by the ingest service, not here. Tags are low-cardinality reason words, never an id.
 * Thread-safe (Micrometer counters).
 */
final class CoapMetrics {
    private static final String TRANSPORT = Transport.COAP.tag();

    private final MeterRegistry registry;

    CoapMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A request refused by the adapter itself (content format, size, method, missing identity). */
    void protocolError(String reason) {
        counter(Meters.PROTOCOL_ERRORS, "reason", reason).increment();
    }

    /** A device that could not be authenticated (unknown/revoked PSK identity, bad lab secret). */
    void authFailure(String reason) {
        counter(Meters.AUTH_FAILURES, "reason", reason).increment();
    }

    /** A full DTLS handshake finished with {@code ok} or {@code failed}. */
    void handshake(String outcome) {
        counter(Meters.DTLS_HANDSHAKES, "outcome", outcome).increment();
    }

    /**
     * A DTLS ClientHello refused its place in the connection store: {@code address_share} (the oldest
     * unauthenticated handshake of a full address share was ended for it) or {@code store_full}.
     */
    void dtlsRefused(String reason) {
        Counter.builder(Meters.CONNECTIONS_REFUSED).tag("transport", TRANSPORT).tag("listener", "coaps")
                .tag("reason", reason).register(registry).increment();
    }

    private Counter counter(String name, String tag, String value) {
        return Counter.builder(name).tag("transport", TRANSPORT).tag(tag, value).register(registry);
    }
}
