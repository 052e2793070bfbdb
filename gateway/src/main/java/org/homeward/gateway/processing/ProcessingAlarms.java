package org.homeward.gateway.processing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import org.homeward.gateway.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patient processing's own gateway-level technical alarms, reported as GATEWAY-DISK-NEAR-FULL is:
 * {@code /health} lists them under {@code technicalAlarms}, the gauge
 * {@code homeward.gateway.technical.alarm{rule}} is 1 while one is active, a counter counts raises,
 * one WARN line is logged when raised and one INFO line when cleared. Not journaled or forwarded
 * (they concern the gateway, not a patient).
 * <ul>
 * <li>{@value #LAG}: a shard has not caught up with the durable log, or has not completed a step,
 *     for {@code processing.lag-alarm}: readings are acknowledged and kept, but the rules see them
 *     late (or, for a stuck shard, not until it moves again), and its timers do not fire.</li>
 * <li>{@value #TASK_FAILED}: a shard task threw (a rule bug, a failed log read) within the last
 *     {@value #FAILURE_HOLD_MINUTES} minutes; the shard went on with the next task.</li>
 * </ul>
 * Threading: any thread; every method is short and never blocks on I/O.
 */
final class ProcessingAlarms {
    static final String LAG = "GATEWAY-PROCESSING-LAG";
    static final String TASK_FAILED = "GATEWAY-SHARD-TASK-FAILED";
    static final long FAILURE_HOLD_MINUTES = 15;
    private static final long FAILURE_HOLD_MILLIS = FAILURE_HOLD_MINUTES * 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(ProcessingAlarms.class);

    private final LongUnaryOperator lagMillis;
    private final LongSupplier lagEntries;
    private final long lagAlarmMillis;
    private final Clock clock;
    private final Latch lag;
    private final Latch failed;
    private long lastFailureAt = -1;
    private long failuresSinceRaise;
    private String lastFailure = "";

    /**
     * @param lagMillis  now → how long the slowest shard has been behind the log
     * @param lagEntries log entries the slowest shard has still to read
     */
    ProcessingAlarms(LongUnaryOperator lagMillis, LongSupplier lagEntries, long lagAlarmMillis, MeterRegistry meters,
                     Clock clock) {
        this.lagMillis = lagMillis;
        this.lagEntries = lagEntries;
        this.lagAlarmMillis = lagAlarmMillis;
        this.clock = clock;
        this.lag = new Latch(LAG, meters);
        this.failed = new Latch(TASK_FAILED, meters);
    }

    /** A shard task threw: raises {@value #TASK_FAILED} (or keeps it raised) from now. */
    synchronized void taskFailed(String lane, RuntimeException e) {
        lastFailureAt = clock.millis();
        failuresSinceRaise++;
        lastFailure = lane + ": " + e.getClass().getSimpleName();
        if (failed.raise(lastFailureAt)) {
            LOG.warn("technical alarm {}: a patient shard task failed ({}); the shard goes on, but a rule may not "
                    + "have seen a reading or a command; see the ERROR log", TASK_FAILED, lastFailure);
        }
    }

    /** Raises or clears both alarms from the shards' current state; logs transitions only. */
    synchronized void check() {
        long now = clock.millis();
        long behind = lagMillis.applyAsLong(now);
        if (behind >= lagAlarmMillis && lag.raise(now - behind)) {
            LOG.warn("technical alarm {}: patient processing is {} ms behind the journal ({} entries) or stuck; readings "
                    + "are kept and will be evaluated, but alarms come late. Check CPU load, thread dumps of shard-N "
                    + "threads, or add processing.shards",
                    LAG, behind, lagEntries.getAsLong());
        } else if (behind < lagAlarmMillis && lag.clear()) {
            LOG.info("technical alarm {} cleared: processing caught up with the journal", LAG);
        }
        if (lastFailureAt >= 0 && now - lastFailureAt >= FAILURE_HOLD_MILLIS && failed.clear()) {
            failuresSinceRaise = 0;
            LOG.info("technical alarm {} cleared: no shard task failed for {} minutes", TASK_FAILED,
                    FAILURE_HOLD_MINUTES);
        }
    }

    /** The engine is closed (a cluster partition revoked): its alarms no longer count in the node's gauges. */
    void close() {
        lag.close();
        failed.close();
    }

    /** The active alarms as JSON-ready maps (empty when none), after a fresh {@link #check()}. */
    synchronized List<Map<String, Object>> active() {
        check();
        List<Map<String, Object>> out = new ArrayList<>(2);
        if (lag.active()) {
            Map<String, Object> a = lag.describe();
            a.put("lagMillis", lagMillis.applyAsLong(clock.millis()));
            a.put("lagEntries", lagEntries.getAsLong());
            out.add(a);
        }
        if (failed.active()) {
            Map<String, Object> a = failed.describe();
            a.put("failures", failuresSinceRaise);
            a.put("last", lastFailure);
            out.add(a);
        }
        return out;
    }

    /**
     * The node's gauge of one rule: 1 while the latch of ANY engine on the registry is raised. A cluster node
     * runs one engine per owned partition on one registry, and Micrometer keeps only the first gauge
     * registered under a name and tag set, so a gauge per latch showed the first engine's state only.
     */
    private static final class RuleGauge {
        private static final Map<MeterRegistry, Map<String, RuleGauge>> BY_REGISTRY = new WeakHashMap<>();
        private final Set<Latch> latches = ConcurrentHashMap.newKeySet();

        static synchronized RuleGauge of(MeterRegistry meters, String rule) {
            return BY_REGISTRY.computeIfAbsent(meters, m -> new ConcurrentHashMap<>()).computeIfAbsent(rule, r -> {
                RuleGauge g = new RuleGauge();
                Gauge.builder(Meters.GATEWAY_TECHNICAL_ALARM, g, RuleGauge::value).tag("rule", r).strongReference(true)
                        .register(meters);
                return g;
            });
        }

        private double value() {
            for (Latch l : latches) {
                if (l.active()) {
                    return 1;
                }
            }
            return 0;
        }
    }

    /** One rule's raised/cleared state, counted in the node's gauge and counter of raises. Guarded by the outer lock. */
    private static final class Latch {
        private final String rule;
        private final Counter raised;
        private final RuleGauge gauge;
        private volatile long since = -1; // read by the gauge on the scrape thread

        Latch(String rule, MeterRegistry meters) {
            this.rule = rule;
            this.raised = Counter.builder(Meters.GATEWAY_TECHNICAL_ALARMS_RAISED).tag("rule", rule).register(meters);
            this.gauge = RuleGauge.of(meters, rule);
            gauge.latches.add(this);
        }

        void close() {
            gauge.latches.remove(this);
        }

        /** True when this raised it (it was not active). */
        boolean raise(long at) {
            if (since >= 0) {
                return false;
            }
            since = at;
            raised.increment();
            return true;
        }

        /** True when this cleared it (it was active). */
        boolean clear() {
            if (since < 0) {
                return false;
            }
            since = -1;
            return true;
        }

        boolean active() {
            return since >= 0;
        }

        Map<String, Object> describe() {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("rule", rule);
            a.put("kind", "TECHNICAL");
            a.put("priority", "HIGH");
            a.put("since", Instant.ofEpochMilli(since).toString());
            return a;
        }
    }
}
