package org.homeward.gateway.forward;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.homeward.gateway.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The technical alarm {@value #RULE} of one sink: the destination has refused or not answered
 * {@value #RAISE_AFTER_ATTEMPTS} attempts in a row for reasons that are not the records' fault
 * (401/403 with an expired or wrong credential, 429, 5xx, time-outs, connection refused). The
 * records stay queued in the journal and are retried with back-off; nothing is dead-lettered,
 * so a hospital IT person has to look (credentials, certificate, server). Reported as the gauge
 * {@code homeward.forward.sink.down{sink}} (1 while raised), a counter of raises, one WARN line
 * when raised (with the last reason), one INFO line when the first delivery after it clears it,
 * and in {@code /health} under {@code technicalAlarms}. No patient or device id anywhere.
 *
 * <p>Threading: {@link #failed} and {@link #delivered} from the forwarder thread; {@link #active}
 * from any thread.
 */
final class SinkDownAlarm {
    static final String RULE = "FORWARD-SINK-DOWN";
    /** Consecutive failed attempts of one batch before the alarm is raised (one blip does not page). */
    static final int RAISE_AFTER_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(SinkDownAlarm.class);

    private final String sink;
    private final Clock clock;
    private final Counter raised;
    private volatile long raisedAt = -1;
    private volatile String lastReason = "";

    SinkDownAlarm(String sink, MeterRegistry meters, Clock clock) {
        this.sink = sink;
        this.clock = clock;
        this.raised = Counter.builder(Meters.FORWARD_SINK_DOWN_RAISED).description("sink-down technical alarms raised")
                .tag("sink", sink).register(meters);
        Gauge.builder(Meters.FORWARD_SINK_DOWN, this, a -> a.raisedAt >= 0 ? 1 : 0)
                .description("1 while the sink's technical alarm FORWARD-SINK-DOWN is raised").tag("sink", sink)
                .register(meters);
    }

    /** A batch failed transiently for the {@code attempts}-th time in a row. */
    void failed(int attempts, String reason) {
        lastReason = reason;
        if (attempts >= RAISE_AFTER_ATTEMPTS && raisedAt < 0) {
            raisedAt = clock.millis();
            raised.increment();
            LOG.warn("technical alarm {}: sink {} has not confirmed records for {} attempts ({}); records stay "
                    + "queued and are retried, none is dead-lettered. Check the server, credentials and certificates",
                    RULE, sink, attempts, reason);
        }
    }

    /** The sink confirmed a delivery: clears a raised alarm. */
    void delivered() {
        if (raisedAt >= 0) {
            raisedAt = -1;
            LOG.info("technical alarm {} cleared: sink {} delivers again", RULE, sink);
        }
    }

    boolean isRaised() {
        return raisedAt >= 0;
    }

    /** The alarm as a JSON-ready map while raised. */
    Optional<Map<String, Object>> active() {
        long at = raisedAt;
        if (at < 0) {
            return Optional.empty();
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("rule", RULE);
        a.put("kind", "TECHNICAL");
        a.put("priority", "HIGH");
        a.put("since", Instant.ofEpochMilli(at).toString());
        a.put("sink", sink);
        a.put("reason", lastReason);
        return Optional.of(a);
    }
}
