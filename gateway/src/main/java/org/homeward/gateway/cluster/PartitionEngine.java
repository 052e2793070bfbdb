package org.homeward.gateway.cluster;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.homeward.gateway.app.RegistrySync;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.records.JournalRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing of one owned partition: the same {@link PatientShards} the single process runs on its
 * journal, here over a {@link PartitionReadingLog}. Built when the partition is assigned to this node:
 * the registry's patients of the partition are told, then every record of the partition up to the end
 * it had at assignment is replayed exactly as the start-up replay replays the journal (readings silently,
 * alarm values restored with their acknowledgement, shelving and escalation, manual entries, threshold
 * changes), so nothing is raised or escalated a second time; then the shard threads start and read
 * the live records. Closed when the partition is revoked or lost.
 *
 * <p>Threading: {@link #apply} and {@link #finishReplay} run on the membership consumer's poll thread;
 * the shards run on their own threads once started.
 */
final class PartitionEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionEngine.class);

    final int partition;
    final PartitionReadingLog log = new PartitionReadingLog();
    final PatientShards shards;
    final RegistrySync registry;
    private final PartitionProcessing.Parts parts;
    private final CommandRelay relay;
    private final String nodeId;
    private final long replayEnd;
    private final long startedNanos = System.nanoTime();
    private volatile boolean live;
    private long replayed;

    /**
     * @param replayEnd the partition's end offset at assignment: records below it are replayed
     * @param first     the partition's first kept offset (retention may have deleted older ones)
     */
    PartitionEngine(int partition, PartitionProcessing.Parts parts, LiveListener listener, CommandRelay relay,
                    String nodeId, long first, long replayEnd) {
        this.partition = partition;
        this.relay = relay;
        this.nodeId = nodeId;
        this.parts = parts;
        this.shards = parts.shards(log, listener, partition);
        this.registry = parts.registry(shards, partition);
        this.replayEnd = replayEnd;
        registry.sync();
        if (first >= replayEnd) {
            finishReplay();
        }
    }

    boolean live() {
        return live;
    }

    /** One consumed record of this partition, in offset order. */
    void apply(ConsumerRecord<String, byte[]> r) {
        long position = r.offset() + 1;
        boolean command = CommandRelay.isCommand(r.value());
        if (live) {
            List<Reading> readings = command ? List.of() : readingsOf(r);
            log.append(position, readings); // every position is an entry, so the shards move past it
            if (command) {
                relay.execute(r.value(), shards); // a nurse command forwarded by another node
            } else if (!readings.isEmpty()) {
                shards.durable(position, readings);
            } else {
                fromOtherNode(r);
            }
            return;
        }
        if (!command) { // a command is never replayed: it was answered, or timed out, already
            replay(r);
        }
        log.skipTo(position);
        if (position >= replayEnd) {
            finishReplay();
        }
    }

    /**
     * A manual entry or threshold change journaled on this partition by another node (the nurse used
     * that node), or a connection event or input (refusal, update interval) of a device connected to another node: the owner puts it in
     * force now. The owner's own are already applied where they happened.
     */
    private void fromOtherNode(ConsumerRecord<String, byte[]> r) {
        byte[] v = r.value();
        boolean device = v != null && v.length > 0 && (v[0] == JournalRecords.DEVICE_EVENT
                || v[0] == JournalRecords.DEVICE_INPUT);
        if (!device && (v == null || v.length == 0 || (v[0] != JournalRecords.MANUAL && v[0] != JournalRecords.THRESHOLDS))) {
            return;
        }
        org.apache.kafka.common.header.Header h = r.headers().lastHeader(ViewPublisher.NODE);
        boolean mine = h != null && nodeId.equals(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8));
        if (mine && !device) { // a device event or input is only written when no live owner had it
            return;
        }
        try {
            JournalRecords.Decoded d = JournalRecords.decode(v);
            switch (d.type()) {
                case JournalRecords.MANUAL -> shards.manualEntry(d.manual());
                case JournalRecords.THRESHOLDS -> shards.changeThresholds(d.thresholds());
                case JournalRecords.DEVICE_INPUT -> DeviceInputs.apply(shards, d.deviceInput());
                default -> shards.deviceEvent(d.deviceEvent());
            }
        } catch (IllegalArgumentException bad) {
            LOG.error("partition {} offset {} cannot be decoded and is skipped: {}", partition, r.offset(), bad.getMessage());
        }
    }

    private void replay(ConsumerRecord<String, byte[]> r) {
        replayed++;
        try {
            JournalRecords.Decoded d = JournalRecords.decode(r.value());
            switch (d.type()) {
                case JournalRecords.READINGS -> shards.replayReadings(d.readings());
                case JournalRecords.ALARM -> {
                    shards.replayAlarm(d.alarm());
                    parts.replayedAlarm(d.alarm());
                }
                case JournalRecords.MANUAL -> shards.replayManual(d.manual());
                case JournalRecords.THRESHOLDS -> shards.replayThresholds(d.thresholds());
                default -> { }
            }
        } catch (IllegalArgumentException bad) {
            LOG.error("partition {} offset {} cannot be decoded and is skipped: {}", partition, r.offset(), bad.getMessage());
        }
    }

    private static List<Reading> readingsOf(ConsumerRecord<String, byte[]> r) {
        byte[] v = r.value();
        if (v == null || v.length == 0 || v[0] != JournalRecords.READINGS) {
            return List.of();
        }
        try {
            return JournalRecords.decode(v).readings();
        } catch (IllegalArgumentException bad) {
            LOG.error("partition {} offset {} cannot be decoded for processing and is skipped: {}", r.partition(),
                    r.offset(), bad.getMessage());
            return List.of();
        }
    }

    private void finishReplay() {
        shards.replayDone();
        shards.start();
        registry.keepOnlyAssignedDevices();
        registry.closeDischargedAlarms();
        registry.sync(); // what changed in the registry while the replay ran
        live = true;
        LOG.info("partition {} taken over: {} records replayed in {} ms", partition, replayed,
                (System.nanoTime() - startedNanos) / 1_000_000);
    }

    /** Frees the log entries every shard has evaluated; poll thread. */
    void trim() {
        if (live) {
            log.trim(shards.evaluatedPosition());
        }
    }

    @Override
    public void close() {
        shards.close();
    }
}
