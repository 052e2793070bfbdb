package org.homeward.gateway.forward;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;
import org.homeward.gateway.metrics.Meters;

/**
 * The meters of one forwarder: {@link Meters#FORWARD_RECORDS} by {@code sink} and {@code outcome}
 * (delivered, retried, dead_lettered, skipped), and the backlog gauges by {@code sink}.
 */
final class ForwarderMetrics {
    final Counter delivered;
    final Counter retried;
    final Counter deadLettered;
    final Counter skipped;

    ForwarderMetrics(MeterRegistry registry, String sink, LongSupplier backlogEntries, LongSupplier backlogAgeSeconds) {
        delivered = counter(registry, sink, "delivered");
        retried = counter(registry, sink, "retried");
        deadLettered = counter(registry, sink, "dead_lettered");
        skipped = counter(registry, sink, "skipped");
        Gauge.builder(Meters.FORWARD_BACKLOG, backlogEntries, LongSupplier::getAsLong)
                .description("journal entries not yet confirmed by the sink").baseUnit("entries")
                .tag("sink", sink).strongReference(true).register(registry);
        Gauge.builder(Meters.FORWARD_BACKLOG_AGE, backlogAgeSeconds, LongSupplier::getAsLong)
                .description("age of the oldest unconfirmed entry").baseUnit("seconds")
                .tag("sink", sink).strongReference(true).register(registry);
    }

    private static Counter counter(MeterRegistry registry, String sink, String outcome) {
        return Counter.builder(Meters.FORWARD_RECORDS).description("records handled by a forwarder")
                .tag("sink", sink).tag("outcome", outcome).register(registry);
    }
}
