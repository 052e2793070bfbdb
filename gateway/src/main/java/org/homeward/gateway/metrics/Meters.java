package org.homeward.gateway.metrics;

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
    /** Counter: gateway-level technical alarms raised, by rule. */
    public static final String GATEWAY_TECHNICAL_ALARMS_RAISED = "homeward.gateway.technical.alarms.raised";

    private Meters() {
    }
}
