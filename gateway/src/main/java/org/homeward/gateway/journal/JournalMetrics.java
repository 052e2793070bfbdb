package org.homeward.gateway.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.homeward.gateway.metrics.Meters;

/** The journal's meters, created once. Thread-safe. */
final class JournalMetrics {
    /** Recovery findings, used as the {@code reason} tag of {@link Meters#JOURNAL_CORRUPTIONS}. */
    enum Damage {
        TAIL_TRUNCATED, SEGMENT_CUT, GAP
    }

    private final MeterRegistry registry;
    private final Timer appendLatency;
    private final DistributionSummary batch;
    private final Map<JournalException.Kind, Counter> refused = new EnumMap<>(JournalException.Kind.class);
    private final Counter tooLarge;
    private final Counter failures;
    private final Counter recoveries;
    private final Map<Damage, Counter> damage = new EnumMap<>(Damage.class);

    JournalMetrics(MeterRegistry registry) {
        this.registry = registry;
        appendLatency = Timer.builder(Meters.JOURNAL_APPEND_LATENCY)
                .description("journal append to fsync complete").publishPercentileHistogram().register(registry);
        batch = DistributionSummary.builder(Meters.JOURNAL_BATCH)
                .description("entries per group commit").baseUnit("entries").register(registry);
        for (JournalException.Kind kind : JournalException.Kind.values()) {
            refused.put(kind, refusedCounter(kind.name().toLowerCase()));
        }
        tooLarge = refusedCounter("too_large");
        failures = Counter.builder(Meters.JOURNAL_FAILURES).description("journal writer faults (write, fsync or roll)")
                .register(registry);
        recoveries = Counter.builder(Meters.JOURNAL_RECOVERIES)
                .description("journal writer faults cleared without a restart").register(registry);
        for (Damage d : Damage.values()) {
            damage.put(d, Counter.builder(Meters.JOURNAL_CORRUPTIONS).tag("reason", d.name().toLowerCase())
                    .description("damage found and handled by journal recovery").register(registry));
        }
    }

    private Counter refusedCounter(String reason) {
        return Counter.builder(Meters.JOURNAL_REFUSED).tag("reason", reason)
                .description("journal appends refused").register(registry);
    }

    void registerSize(Supplier<Number> bytes) {
        Gauge.builder(Meters.JOURNAL_SIZE, bytes).description("journal bytes on disk").baseUnit("bytes")
                .register(registry);
    }

    void appended(long nanos) {
        appendLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void batch(int entries) {
        batch.record(entries);
    }

    void refused(JournalException.Kind kind) {
        refused.get(kind).increment();
    }

    void failed() {
        failures.increment();
    }

    void recovered() {
        recoveries.increment();
    }

    void tooLarge() {
        tooLarge.increment();
    }

    void damage(Damage d) {
        damage.get(d).increment();
    }
}
