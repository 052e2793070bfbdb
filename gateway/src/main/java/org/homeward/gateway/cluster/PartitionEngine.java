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
 * the registry's patients of the partition are told, then the records of a checkpoint ({@link CheckpointFold}:
 * what the partition's records before the checkpoint's tail leave behind), if there is one, and every record
 * of the partition from the checkpoint's tail start (else from the first kept offset) up to the end it had at
 * assignment are replayed exactly as the start-up replay replays the journal (readings silently,
 * alarm values restored with their acknowledgement, shelving and escalation, manual entries, threshold
 * changes, learned baselines), so nothing is raised or escalated a second time; then the shard threads start and read
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
    private final long replayFrom;
    private final boolean fromCheckpoint;
    private final CheckpointFold fold;
    private final long startedNanos = System.nanoTime();
    private volatile boolean live;
    private volatile long replayed;
    private volatile long tookMillis = -1;

    /**
     * @param checkpoint the partition's checkpoint, or null to replay the whole partition
     * @param start      the first offset replayed: the checkpoint's tail start, else the first kept offset
     * @param replayEnd  the partition's end offset at assignment: records below it are replayed
     * @param lookback   {@code cluster.checkpoint-lookback}, for the checkpoints this engine writes
     */
    PartitionEngine(int partition, PartitionProcessing.Parts parts, LiveListener listener, CommandRelay relay,
                    String nodeId, CheckpointFold.Checkpoint checkpoint, long start, long replayEnd, long lookback) {
        this.partition = partition;
        this.relay = relay;
        this.nodeId = nodeId;
        this.parts = parts;
        this.shards = parts.shards(log, listener, partition);
        this.registry = parts.registry(shards, partition);
        this.replayEnd = replayEnd;
        this.replayFrom = start;
        this.fromCheckpoint = checkpoint != null;
        this.fold = new CheckpointFold(partition, lookback, parts.baselineLearningMillis());
        registry.sync();
        if (checkpoint != null) {
            fold.seed(checkpoint);
            checkpoint.carried().forEach(r -> replay(r, -1)); // the state before the tail, in partition order
        }
        if (start >= replayEnd) {
            finishReplay();
        }
    }

    /** The checkpoint of what this engine has read; poll thread, live engines only. */
    CheckpointFold.Checkpoint checkpoint() {
        return fold.checkpoint();
    }

    /** The take-over: where the replay started, how many partition records it replayed, how long it took. */
    java.util.Map<String, Object> takeover() {
        return java.util.Map.of("partition", partition, "replayFrom", replayFrom, "replayEnd", replayEnd,
                "replayedRecords", replayed, "fromCheckpoint", fromCheckpoint, "millis", tookMillis);
    }

    long replayed() {
        return replayed;
    }

    boolean live() {
        return live;
    }

    /** One consumed record of this partition, in offset order. */
    void apply(ConsumerRecord<String, byte[]> r) {
        long position = r.offset() + 1;
        fold.add(r.offset(), r.value());
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
            replayed++;
            replay(r.value(), r.offset());
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

    /** One record replayed; {@code offset} -1 for a checkpoint's carried record. */
    private void replay(byte[] value, long offset) {
        try {
            JournalRecords.Decoded d = JournalRecords.decode(value);
            switch (d.type()) {
                case JournalRecords.READINGS -> shards.replayReadings(d.readings());
                case JournalRecords.ALARM -> {
                    shards.replayAlarm(d.alarm());
                    parts.replayedAlarm(d.alarm());
                }
                case JournalRecords.MANUAL -> shards.replayManual(d.manual());
                case JournalRecords.THRESHOLDS -> shards.replayThresholds(d.thresholds());
                case JournalRecords.BASELINE -> shards.replayBaseline(d.baseline());
                default -> { }
            }
        } catch (IllegalArgumentException bad) {
            LOG.error("partition {} offset {} cannot be decoded and is skipped: {}", partition, offset, bad.getMessage());
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
        tookMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        LOG.info("partition {} taken over: {} records replayed from offset {}{} in {} ms", partition, replayed, replayFrom,
                fromCheckpoint ? " (checkpoint)" : "", tookMillis);
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
