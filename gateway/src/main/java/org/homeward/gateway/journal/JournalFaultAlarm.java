package org.homeward.gateway.journal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.homeward.gateway.metrics.Meters;

/**
 * The gateway's technical alarm {@value #RULE}: the journal cannot write (a failed write, fsync or
 * segment roll, e.g. out of file descriptors or disk), so every reading is refused until it can
 * (issue 15). The journal retries by itself and the alarm clears when it writes again.
 *
 * <p>Like the disk alarm it is not journaled (the journal is what failed) and not forwarded:
 * {@code /health} lists it under {@code technicalAlarms} and answers 503, the gauge
 * {@code homeward.gateway.technical.alarm{rule}} is 1 while it lasts, raises are counted by
 * {@code homeward.journal.failures}, and the journal logs one ERROR line when it fails and one WARN
 * line when it writes again.
 *
 * <p>Threading: any thread; reads the journal's state, never blocks.
 */
public final class JournalFaultAlarm {
    static final String RULE = "GATEWAY-JOURNAL-UNAVAILABLE";
    private final Supplier<Optional<Instant>> faultedSince;

    public JournalFaultAlarm(Supplier<Optional<Instant>> faultedSince, MeterRegistry meters) {
        this.faultedSince = faultedSince;
        Gauge.builder(Meters.GATEWAY_TECHNICAL_ALARM, this, a -> a.isActive() ? 1 : 0).tag("rule", RULE)
                .register(meters);
    }

    public boolean isActive() {
        return faultedSince.get().isPresent();
    }

    /** The alarm as a JSON-ready map while the journal cannot write; empty otherwise. */
    public List<Map<String, Object>> active() {
        return faultedSince.get().map(since -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("rule", RULE);
            a.put("kind", "TECHNICAL");
            a.put("priority", "HIGH");
            a.put("since", since.toString());
            a.put("detail", "the journal cannot write; readings and nurse changes are refused until it can "
                    + "(retried every second)");
            return List.of(a);
        }).orElse(List.of());
    }
}
