package org.homeward.gateway.adapter.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeward.gateway.domain.Transport;
import org.homeward.gateway.metrics.Meters;

/** The adapter's meters; tags are transport, listener and a fixed reason vocabulary, never a device id. */
final class MqttMetrics {
    private static final String TRANSPORT = Transport.MQTT.tag();
    private final MeterRegistry registry;

    MqttMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void authFailure(String listener, String reason) {
        Counter.builder(Meters.AUTH_FAILURES).tag("transport", TRANSPORT).tag("listener", listener)
                .tag("reason", reason).register(registry).increment();
    }

    void protocolError(String reason) {
        Counter.builder(Meters.PROTOCOL_ERRORS).tag("transport", TRANSPORT).tag("reason", reason)
                .register(registry).increment();
    }

    void refused(String listener, String reason) {
        Counter.builder(Meters.CONNECTIONS_REFUSED).tag("transport", TRANSPORT).tag("listener", listener)
                .tag("reason", reason).register(registry).increment();
    }

    /** Registers the open-connections gauge of one listener and returns its counter. */
    AtomicInteger connectionsGauge(String listener) {
        AtomicInteger count = new AtomicInteger();
        Gauge.builder(Meters.CONNECTIONS, count, AtomicInteger::get).tag("transport", TRANSPORT)
                .tag("listener", listener).register(registry);
        return count;
    }
}
