package org.homeward.gateway.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Map;

/**
 * Every meter name of the gateway, in one place. Tags are low-cardinality only
 * ({@code transport}, {@code outcome}, {@code reason}, {@code lane}, {@code rule}, {@code priority},
 * {@code sink}, {@code listener}); never a patient or device id.
 */
public final class Meters {
    /** Counter: ingest requests by transport and outcome (ok or a FailureReason tag). */
    public static final String INGEST_REQUESTS = "homeward.ingest.requests";
    /** Counter: accepted readings by transport. */
    public static final String INGEST_READINGS = "homeward.ingest.readings";
    /** Counter: rejected SenML records by reason. */
    public static final String INGEST_RECORDS_REJECTED = "homeward.ingest.records.rejected";
    /** Timer: receive to durable (ack may be sent), by transport. */
    public static final String INGEST_LATENCY = "homeward.ingest.latency";
    /** Timer: journal append to fsync complete. */
    public static final String JOURNAL_APPEND_LATENCY = "homeward.journal.append.latency";
    /** Gauge: journal bytes on disk. */
    public static final String JOURNAL_SIZE = "homeward.journal.size";
    /** Distribution: entries per group commit. */
    public static final String JOURNAL_BATCH = "homeward.journal.batch.entries";
    /** Counter: journal appends refused, by reason (overloaded, full, closed, io, too_large). */
    public static final String JOURNAL_REFUSED = "homeward.journal.refused";
    /** Counter: damage found by journal recovery, by reason (tail_truncated, segment_cut, gap). */
    public static final String JOURNAL_CORRUPTIONS = "homeward.journal.corruptions";
    /** Counter: the journal writer could not write, fsync or roll a segment (appends refused until it can). */
    public static final String JOURNAL_FAILURES = "homeward.journal.failures";
    /** Counter: journal writer faults that cleared by themselves (appends accepted again). */
    public static final String JOURNAL_RECOVERIES = "homeward.journal.recoveries";
    /** Gauge: open connections by listener. */
    public static final String CONNECTIONS = "homeward.connections";
    /** Counter: connection attempts refused, by listener and reason. */
    public static final String CONNECTIONS_REFUSED = "homeward.connections.refused";
    /** Counter: protocol errors (malformed packets etc.) by transport and reason. */
    public static final String PROTOCOL_ERRORS = "homeward.protocol.errors";
    /** Counter: authentication failures by transport and reason. */
    public static final String AUTH_FAILURES = "homeward.auth.failures";
    /** Counter: DTLS handshakes by outcome ({@code ok} or {@code failed}); full handshakes only. */
    public static final String DTLS_HANDSHAKES = "homeward.dtls.handshakes";
    /** Counter: escalation/re-alert notifications by event and outcome. */
    public static final String ALARM_NOTIFICATIONS = "homeward.alarm.notifications";
    /** Counter: alarms raised/changed by rule, priority, state. */
    public static final String ALARMS = "homeward.alarms";
    /** Counter: alarm values written to the journal by outcome (failed, retried, superseded, backlog_full). */
    public static final String ALARM_APPENDS = "homeward.alarm.appends";
    /** Gauge: alarm values waiting to be retried into the journal. */
    public static final String ALARM_APPEND_BACKLOG = "homeward.alarm.append.backlog";
    /** Counter: cluster mode, records written to the readings topic, by kind (pack, record) and outcome. */
    public static final String CLUSTER_APPENDS = "homeward.cluster.appends";
    /** Gauge: cluster mode, partitions of the readings topic this node owns. */
    public static final String CLUSTER_PARTITIONS_OWNED = "homeward.cluster.partitions.owned";
    /** Counter: cluster mode, partitions taken over (replayed) and given up, by event. */
    public static final String CLUSTER_REBALANCES = "homeward.cluster.rebalances";
    // take-over from a checkpoint (docs/cluster.md "Take-over from a checkpoint")
    public static final String CLUSTER_TAKEOVERS = "homeward.cluster.takeovers";
    public static final String CLUSTER_REPLAYED_RECORDS = "homeward.cluster.replayed.records";
    public static final String CLUSTER_CHECKPOINTS = "homeward.cluster.checkpoints";
    /** Counter: shard control queue full (command refused, hint dropped), by lane. */
    public static final String SHED = "homeward.shed";
    /** Gauge: journal entries the slowest patient shard has still to evaluate. */
    public static final String PROCESSING_LAG_ENTRIES = "homeward.processing.lag.entries";
    /** Gauge: seconds since the slowest patient shard last caught up with the journal (0 while keeping up). */
    public static final String PROCESSING_LAG = "homeward.processing.lag.seconds";
    /** Counter: patient shard tasks that threw, by lane (control, reading, log, tick, publish, step). */
    public static final String PROCESSING_TASK_FAILURES = "homeward.processing.task.failures";
    /** Counter: journal entries processing could not decode (skipped and logged). */
    public static final String PROCESSING_UNDECODABLE = "homeward.processing.undecodable";
    /** Counter: log entries patient shards took, by source: {@code ring} (ingest's hint) or {@code journal} (read and decoded). */
    public static final String PROCESSING_LOG_READS = "homeward.processing.log.reads";
    /** Counter: records delivered by a forwarder, by sink and outcome. */
    public static final String FORWARD_RECORDS = "homeward.forward.records";
    /** Gauge: forwarder backlog in entries, by sink. */
    public static final String FORWARD_BACKLOG = "homeward.forward.backlog";
    /** Gauge: age of the oldest undelivered entry in seconds, by sink. */
    public static final String FORWARD_BACKLOG_AGE = "homeward.forward.backlog.age";
    /** Gauge: 1 while a sink's technical alarm FORWARD-SINK-DOWN is raised, by sink. */
    public static final String FORWARD_SINK_DOWN = "homeward.forward.sink.down";
    /** Counter: FORWARD-SINK-DOWN alarms raised, by sink. */
    public static final String FORWARD_SINK_DOWN_RAISED = "homeward.forward.sink.down.raised";
    /** Counter: HTTP requests by route and status class. */
    public static final String HTTP_REQUESTS = "homeward.http.requests";
    /** Gauge: open HTTP connections. */
    public static final String HTTP_CONNECTIONS = "homeward.http.connections";
    /** Counter: HTTP connections closed by a cap or time-out, by reason (max_connections, max_per_address, request_timeout). */
    public static final String HTTP_CONNECTIONS_REFUSED = "homeward.http.connections.refused";
    /** Timer: reading received to pushed on the live WebSocket. */
    public static final String LIVE_PUSH_LATENCY = "homeward.live.push.latency";
    /** Counter: live viewers forced to a full resync because their bounded alarm queue was full. */
    public static final String LIVE_RESYNCS = "homeward.live.resyncs";
    /** Gauge: connected live-view WebSocket viewers. */
    public static final String LIVE_VIEWERS = "homeward.live.viewers";
    /** Gauge: 1 while a gateway-level technical alarm is active, by rule (e.g. GATEWAY-DISK-NEAR-FULL). */
    public static final String GATEWAY_TECHNICAL_ALARM = "homeward.gateway.technical.alarm";
    /** Counter: audit lines not written (queue full or write failed). */
    public static final String AUDIT_FAILURES = "homeward.audit.failures";
    /** Counter: gateway-level technical alarms raised, by rule. */
    public static final String GATEWAY_TECHNICAL_ALARMS_RAISED = "homeward.gateway.technical.alarms.raised";
    /** Counter: device command transitions, by state (queued, delivered, answered, refused, expired). */
    public static final String COMMANDS = "homeward.commands";
    /** Counter: device answers to commands not taken, by reason (malformed, unknown, finished). */
    public static final String COMMAND_ANSWERS_REFUSED = "homeward.command.answers.refused";
    /** Counter: command transitions kept in memory but not written to the command log (disk error). */
    public static final String COMMAND_LOG_FAILURES = "homeward.command.log.failures";
    /** Counter: cluster registry records read, by outcome (applied, stale, tombstone, oversize, unsigned, malformed). */
    public static final String REGISTRY_RECORDS = "homeward.cluster.registry.records";
    /** Gauge: version of the cluster registry in force on this node. */
    public static final String REGISTRY_VERSION = "homeward.cluster.registry.version";
    /** Timer: cluster registry change written (writer's clock) to in force on this node. */
    public static final String REGISTRY_APPLY_DELAY = "homeward.cluster.registry.apply.delay";

    /**
     * The HELP text of every meter above (Prometheus requires one; {@code promtool check metrics}
     * fails without). Kept here, next to the names, so a new meter cannot be added without one (a
     * test checks every constant has an entry).
     */
    public static final Map<String, String> HELP = Map.ofEntries(
            Map.entry(INGEST_REQUESTS, "Device packs received, by transport and outcome (ok or the refusal reason)"),
            Map.entry(INGEST_READINGS, "Readings stored durably, by transport"),
            Map.entry(INGEST_RECORDS_REJECTED, "Single SenML records refused, by transport and reason"),
            Map.entry(INGEST_LATENCY, "Time from receiving a pack to its durable write (the device may be acknowledged), by transport"),
            Map.entry(JOURNAL_APPEND_LATENCY, "Time from a journal append to its fsync completing"),
            Map.entry(JOURNAL_SIZE, "Bytes the journal occupies on disk"),
            Map.entry(JOURNAL_BATCH, "Entries written per group commit of the journal"),
            Map.entry(JOURNAL_REFUSED, "Journal appends refused, by reason (overloaded, full, closed, io, too_large)"),
            Map.entry(JOURNAL_CORRUPTIONS, "Damage found and handled by journal recovery, by reason (tail_truncated, segment_cut, gap)"),
            Map.entry(CONNECTIONS, "Open device connections, by listener"),
            Map.entry(CONNECTIONS_REFUSED, "Device connection attempts refused, by listener and reason"),
            Map.entry(PROTOCOL_ERRORS, "Malformed or refused protocol messages from devices, by transport and reason"),
            Map.entry(AUTH_FAILURES, "Device authentication failures, by transport and reason"),
            Map.entry(DTLS_HANDSHAKES, "Full DTLS handshakes, by outcome (ok or failed)"),
            Map.entry(ALARM_NOTIFICATIONS, "Escalation webhook notifications, by event and outcome"),
            Map.entry(ALARMS, "Alarm changes (raised, acknowledged, shelved, resolved), by rule, priority and state"),
            Map.entry(SHED, "Control work refused because a patient shard's control queue was full, by lane"),
            Map.entry(JOURNAL_FAILURES, "Journal writer faults: a segment could not be written, fsync'd or rolled (appends refused until it can)"),
            Map.entry(JOURNAL_RECOVERIES, "Journal writer faults that cleared by themselves (appends accepted again)"),
            Map.entry(HTTP_CONNECTIONS, "Open HTTP connections"),
            Map.entry(HTTP_CONNECTIONS_REFUSED, "HTTP connections closed by a cap or time-out, by reason"),
            Map.entry(ALARM_APPENDS, "Alarm changes whose journal append needed care, by outcome: failed, retried, superseded, backlog_full"),
            Map.entry(CLUSTER_APPENDS, "Cluster mode: writes to the readings topic, by kind (pack, record) and outcome (ok or the refusal reason)"),
            Map.entry(CLUSTER_PARTITIONS_OWNED, "Cluster mode: readings-topic partitions this node processes"),
            Map.entry(CLUSTER_REBALANCES, "Cluster mode: partitions taken over (replayed) or given up by this node, by event"),
            Map.entry(CLUSTER_TAKEOVERS, "Cluster mode: partitions taken over, by start (checkpoint = its tail only, full = whole partition)"),
            Map.entry(CLUSTER_REPLAYED_RECORDS, "Cluster mode: readings-topic records replayed by take-overs of this node"),
            Map.entry(CLUSTER_CHECKPOINTS, "Cluster mode: partition checkpoints written by this node, by outcome"),
            Map.entry(ALARM_APPEND_BACKLOG, "Alarm changes waiting to be retried after a failed journal append"),
            Map.entry(PROCESSING_LAG_ENTRIES, "Journal entries the slowest patient shard has still to evaluate"),
            Map.entry(PROCESSING_LAG, "Seconds since the slowest patient shard last caught up with the journal"),
            Map.entry(PROCESSING_TASK_FAILURES, "Patient shard tasks that threw, by lane"),
            Map.entry(PROCESSING_LOG_READS, "Journal entries the patient shards took, by source: ring (ingest's decoded"
                    + " hint, no read) or journal (read back and decoded once)"),
            Map.entry(PROCESSING_UNDECODABLE, "Journal entries processing could not decode (skipped and logged)"),
            Map.entry(FORWARD_SINK_DOWN, "1 while a sink's technical alarm FORWARD-SINK-DOWN is raised, by sink"),
            Map.entry(FORWARD_SINK_DOWN_RAISED, "FORWARD-SINK-DOWN alarms raised, by sink"),
            Map.entry(FORWARD_RECORDS, "Journal records handled by a forwarder, by sink and outcome"),
            Map.entry(FORWARD_BACKLOG, "Journal entries not yet delivered by a forwarder, by sink"),
            Map.entry(FORWARD_BACKLOG_AGE, "Age in seconds of the oldest entry a forwarder has not delivered, by sink"),
            Map.entry(HTTP_REQUESTS, "HTTP requests, by route and status"),
            Map.entry(LIVE_PUSH_LATENCY, "Time from receiving a reading to pushing it to the live view"),
            Map.entry(LIVE_RESYNCS, "Live viewers forced to a full resync because their bounded alarm queue was full"),
            Map.entry(LIVE_VIEWERS, "Connected live-view WebSocket viewers"),
            Map.entry(GATEWAY_TECHNICAL_ALARM, "1 while a gateway-level technical alarm is active, by rule (e.g. GATEWAY-DISK-NEAR-FULL)"),
            Map.entry(AUDIT_FAILURES, "Audit lines not written (queue full or write failed; logged at ERROR)"),
            Map.entry(GATEWAY_TECHNICAL_ALARMS_RAISED, "Gateway-level technical alarms raised, by rule"),
            Map.entry(COMMANDS, "Device command transitions, by state (queued, delivered, answered, refused, expired)"),
            Map.entry(COMMAND_ANSWERS_REFUSED, "Device answers to commands not taken, by reason (malformed, unknown, finished)"),
            Map.entry(COMMAND_LOG_FAILURES, "Command transitions not written to the command log (disk error)"),
            Map.entry(REGISTRY_RECORDS, "Cluster registry records read, by outcome (applied, stale, tombstone; refused: oversize, unsigned, malformed)"),
            Map.entry(REGISTRY_VERSION, "Version of the cluster registry in force on this node"),
            Map.entry(REGISTRY_APPLY_DELAY, "Time from a cluster registry change being written (writer's clock) to being in force on this node"));

    /**
     * Meters that fail {@code promtool check metrics} as Micrometer names them and that the
     * dashboards do not need: {@code process.cpu.time} (exported as {@code _ns_total}, an
     * abbreviated unit; {@code process_cpu_usage} says the same) and {@code system.cpu.count}
     * (a gauge ending in {@code _count}; exported instead as {@code system_cpu_processors}).
     */
    private static final String PROCESS_CPU_TIME = "process.cpu.time";
    private static final String SYSTEM_CPU_COUNT = "system.cpu.count";

    private Meters() {
    }

    /**
     * The filter every registry of the gateway gets before any meter is registered: gives each
     * meter named here its {@link #HELP} text and renames or drops the few JVM meters promtool rejects.
     */
    public static MeterFilter prometheusHygiene() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals(SYSTEM_CPU_COUNT)) {
                    return id.withName("system.cpu.processors");
                }
                String help = HELP.get(id.getName());
                return help == null || help.equals(id.getDescription()) ? id
                        : new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help, id.getType());
            }

            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return id.getName().equals(PROCESS_CPU_TIME) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }
        };
    }
}
