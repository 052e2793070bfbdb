package org.homeward.gateway.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.homeward.gateway.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own technical alarm {@value #RULE}: the journal is above its warn fraction of
 * {@code journal.max-bytes}, so new data will soon be refused (issue 4: "before it is reached the
 * gateway raises a technical alarm").
 *
 * <p>It is not a patient alarm: it is not journaled (the journal is the resource running out) and
 * not forwarded. It is reported three ways: {@code /health} lists it under {@code technicalAlarms}
 * (and answers 503, not ready), the gauge {@code homeward.gateway.technical.alarm{rule}} is 1 while
 * it is active (with a counter of raises), and one WARN log line is written when it is raised, one
 * INFO line when it clears.
 *
 * <p>Threading: {@link #check()} and {@link #active()} may be called from any thread; both are
 * cheap and never block on I/O.
 */
public final class DiskAlarm {
    static final String RULE = "GATEWAY-DISK-NEAR-FULL";
    private static final Logger LOG = LoggerFactory.getLogger(DiskAlarm.class);
    private final BooleanSupplier nearFull;
    private final LongSupplier usedBytes;
    private final long maxBytes;
    private final Clock clock;
    private final Counter raised;
    private long raisedAt = -1;

    public DiskAlarm(BooleanSupplier nearFull, LongSupplier usedBytes, long maxBytes, MeterRegistry meters, Clock clock) {
        this.nearFull = nearFull;
        this.usedBytes = usedBytes;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.raised = Counter.builder(Meters.GATEWAY_TECHNICAL_ALARMS_RAISED).tag("rule", RULE).register(meters);
        Gauge.builder(Meters.GATEWAY_TECHNICAL_ALARM, this, a -> a.isActive() ? 1 : 0).tag("rule", RULE)
                .register(meters);
    }

    /** Raises or clears the alarm from the journal's current usage; logs transitions only. */
    public synchronized void check() {
        boolean near = nearFull.getAsBoolean();
        if (near && raisedAt < 0) {
            raisedAt = clock.millis();
            raised.increment();
            LOG.warn("technical alarm {}: journal uses {} of its {}-byte limit; at the limit new device data is "
                    + "refused (devices keep it and retry). Check the forwarders' backlog or raise journal.max-bytes",
                    RULE, usedBytes.getAsLong(), maxBytes);
        } else if (!near && raisedAt >= 0) {
            raisedAt = -1;
            LOG.info("technical alarm {} cleared: journal uses {} of {} bytes", RULE, usedBytes.getAsLong(), maxBytes);
        }
    }

    synchronized boolean isActive() {
        return raisedAt >= 0;
    }

    /** The active technical alarms as JSON-ready maps (empty when none), after a fresh {@link #check()}. */
    public synchronized List<Map<String, Object>> active() {
        check();
        if (raisedAt < 0) {
            return List.of();
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("rule", RULE);
        a.put("kind", "TECHNICAL");
        a.put("priority", "HIGH");
        a.put("since", Instant.ofEpochMilli(raisedAt).toString());
        a.put("usedBytes", usedBytes.getAsLong());
        a.put("maxBytes", maxBytes);
        return List.of(a);
    }
}
