package org.homeward.gateway.app;

import io.netty.handler.ssl.SslProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.homeward.gateway.forward.Forwarder;
import org.homeward.gateway.journal.DiskAlarm;
import org.homeward.gateway.journal.JournalFaultAlarm;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.processing.PatientQuery;
import org.homeward.gateway.tls.TlsProviders;

/**
 * The gateway's health. Ready once started, while the journal is not near full, enough disk is
 * free ({@link DiskSpace}), the journal can write ({@link JournalFaultAlarm}) and every forwarder thread runs (a slow or unreachable backend does not
 * make the gateway unready: the journal keeps everything; the backlog is in the details). Details
 * on the journal, disk, forwarders, technical alarms (a lagging or stuck shard among them),
 * patients, MQTT sessions, ports and the TLS provider. Liveness is the default: the process answers.
 *
 * <p>Threading: called on HTTP threads; reads only thread-safe state, never blocks.
 */
public final class GatewayHealth implements HealthCheck {
    private final SegmentedJournal journal;
    private final long journalMaxBytes;
    private final DiskAlarm diskAlarm;
    private final JournalFaultAlarm journalFault;
    private final PatientQuery patients;
    private final IntSupplier mqttSessions;
    private final Map<String, Integer> ports;
    private final SslProvider tlsProvider;
    private final BooleanSupplier started;
    private final Supplier<List<Map<String, Object>>> processingAlarms;
    private final DiskSpace disk;
    private final Supplier<List<Forwarder>> forwarders;
    private volatile Supplier<Map<String, Object>> cluster;

    /**
     * @param processingAlarms the active technical alarms besides the disk alarm: the patient shards'
     *                         (processing lag, failed tasks) and the forwarders' (FORWARD-SINK-DOWN)
     */
    public GatewayHealth(SegmentedJournal journal, long journalMaxBytes, DiskAlarm diskAlarm,
                         JournalFaultAlarm journalFault, Supplier<List<Map<String, Object>>> processingAlarms,
                         PatientQuery patients,
                         IntSupplier mqttSessions, Map<String, Integer> ports, SslProvider tlsProvider,
                         BooleanSupplier started, DiskSpace disk, Supplier<List<Forwarder>> forwarders) {
        this.disk = disk;
        this.forwarders = forwarders;
        this.processingAlarms = processingAlarms;
        this.journal = journal;
        this.journalMaxBytes = journalMaxBytes;
        this.diskAlarm = diskAlarm;
        this.journalFault = journalFault;
        this.patients = patients;
        this.mqttSessions = mqttSessions;
        this.ports = ports;
        this.tlsProvider = tlsProvider;
        this.started = started;
    }

    /**
     * In cluster mode: the node's view of the cluster (node id, members seen, partitions owned, Kafka
     * reachable) becomes the {@code cluster} section of the details; null = single process, no section.
     */
    public GatewayHealth cluster(Supplier<Map<String, Object>> view) {
        this.cluster = view;
        return this;
    }

    @Override
    public Health check() {
        Map<String, Object> details = new LinkedHashMap<>();
        long bytes = journal.sizeBytes();
        details.put("journal", Map.of("lastSequence", journal.lastSequence(), "bytes", bytes,
                "maxBytes", journalMaxBytes, "nearFull", journal.nearFull(),
                "full", journalMaxBytes > 0 && bytes >= journalMaxBytes, "writable", !journalFault.isActive()));
        details.put("disk", Map.of("usableBytes", disk.usableBytes(), "totalBytes", disk.totalBytes(), "ok", disk.ok()));
        boolean forwardersRunning = true;
        List<Map<String, Object>> sinks = new ArrayList<>();
        for (Forwarder f : forwarders.get()) {
            forwardersRunning &= f.running();
            Map<String, Object> sink = Map.of("sink", f.sinkName(), "running", f.running(), "backlog", f.backlog(),
                    "backlogAgeSeconds", f.backlogAgeSeconds());
            if (f.ownedPartitions().isPresent()) { // cluster mode: which share of the readings topic this node forwards
                sink = new java.util.HashMap<>(sink);
                sink.put("partitions", f.ownedPartitions().getAsInt());
            }
            sinks.add(sink);
        }
        details.put("forwarders", sinks);
        List<Map<String, Object>> technical = new ArrayList<>(diskAlarm.active());
        technical.addAll(journalFault.active());
        technical.addAll(processingAlarms.get());
        details.put("technicalAlarms", technical);
        details.put("patients", patients.patients().size());
        Supplier<Map<String, Object>> clusterView = cluster;
        if (clusterView != null) {
            details.put("cluster", clusterView.get());
        }
        details.put("mqttSessions", mqttSessions.getAsInt());
        details.put("ports", ports);
        details.put("fileDescriptors", Map.of("open", FdBudget.openNow(), "limit", FdBudget.processLimit()));
        if (tlsProvider != null) {
            details.put("tls", Map.of("provider", TlsProviders.name(tlsProvider),
                    "library", TlsProviders.library(tlsProvider)));
        }
        return new Health(started.getAsBoolean() && !journal.nearFull() && !journalFault.isActive() && disk.ok()
                && forwardersRunning, details);
    }
}
