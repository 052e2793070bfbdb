package org.homeward.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One gateway-level technical alarm (not a patient alarm): whether it is raised and since when, the
 * gauge {@value Meters#GATEWAY_TECHNICAL_ALARM}{rule} (1 while raised), the counter of raises, and its
 * JSON-ready view for {@code /health}. The owner decides when to raise and clear and logs transitions.
 *
 * <p>Threading: thread-safe (synchronized); never blocks.
 */
public final class TechnicalAlarm {
    private final String rule;
    private final Counter raised;
    private long raisedAt = -1;

    public TechnicalAlarm(String rule, MeterRegistry meters) {
        this.rule = rule;
        this.raised = Counter.builder(Meters.GATEWAY_TECHNICAL_ALARMS_RAISED).tag("rule", rule).register(meters);
        Gauge.builder(Meters.GATEWAY_TECHNICAL_ALARM, this, a -> a.isActive() ? 1 : 0).tag("rule", rule)
                .register(meters);
    }

    /** Raises it at {@code nowMillis}; true when it was not raised before (the caller then logs). */
    public synchronized boolean raise(long nowMillis) {
        if (raisedAt >= 0) {
            return false;
        }
        raisedAt = nowMillis;
        raised.increment();
        return true;
    }

    /** Clears it; true when it was raised (the caller then logs). */
    public synchronized boolean clear() {
        boolean was = raisedAt >= 0;
        raisedAt = -1;
        return was;
    }

    public synchronized boolean isActive() {
        return raisedAt >= 0;
    }

    /** rule, kind TECHNICAL, priority HIGH and since; the owner adds its details. */
    public synchronized Map<String, Object> view() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("rule", rule);
        a.put("kind", "TECHNICAL");
        a.put("priority", "HIGH");
        a.put("since", Instant.ofEpochMilli(raisedAt).toString());
        return a;
    }
}
