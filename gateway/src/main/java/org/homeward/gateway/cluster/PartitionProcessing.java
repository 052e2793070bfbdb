package org.homeward.gateway.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.ThresholdChange;
import org.homeward.gateway.ingest.ReadingSink;
import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.metrics.Meters;
import org.homeward.gateway.processing.PatientCommands;
import org.homeward.gateway.processing.PatientQuery;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientSnapshot;
import org.homeward.gateway.processing.ReadingLog;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.app.RegistrySync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partitioned processing of one node: a single membership consumer in {@code cluster.group-id}
 * (cooperative-sticky) subscribed to the readings topic; for every partition Kafka assigns to this node a
 * {@link PartitionEngine} (the single process's engine over that partition) is built and replayed from the
 * partition's start, and closed when the partition is revoked or lost. The consumer's one poll thread feeds
 * every owned partition's engine, so an owned partition costs one shard thread and no socket of its own.
 * Offsets are never committed: the partition is the journal. A take-over replays the partition's latest
 * checkpoint ({@link PartitionCheckpoints}) and the partition from its tail start, or the whole partition when
 * there is no usable checkpoint; owners write their partitions' checkpoints every
 * {@code cluster.checkpoint-interval} and when a partition is revoked (docs/cluster.md).
 *
 * <p>It is also what the rest of the node sees of processing: the {@link ReadingSink} of ingest (a
 * pack's wake-up is the consumer's own delivery), the router of device events and nurse commands to the
 * engine of the patient's partition, and the {@link PatientQuery} over the engines' patients and
 * alarms plus, when set, the {@link RemoteView} of the patients other nodes own.
 *
 * <p>Threading: engines are added and removed on the poll thread; every other method is non-blocking
 * and safe from any thread.
 */
public final class PartitionProcessing implements ReadingSink, PatientQuery, PatientCommands, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionProcessing.class);
    private static final long STATUS_EVERY_MS = 3_000;

    /** What the composition root provides for each engine: its shards over a log, its filtered registry sync. */
    public interface Parts {
        /** The engine's shards over {@code log}, publishing to {@code listener}; meters tagged with the partition. */
        PatientShards shards(ReadingLog log, LiveListener listener, int partition);

        RegistrySync registry(PatientShards shards, int partition);

        /** A replayed alarm value, so the audit does not record it again. */
        void replayedAlarm(Alarm alarm);

        /** Completes when the newest value of the alarm is on the partition ({@code AlarmJournal.durable}). */
        CompletableFuture<?> durable(String alarmId);

        /**
         * The learned baselines' window plus the reorder horizon: how long after a vital's first reading the
         * checkpoint's tail still starts at it (see {@link CheckpointFold}). Default 24 h + 3 h.
         */
        default long baselineLearningMillis() {
            return CheckpointFold.DEFAULT_LEARNING_MILLIS;
        }
    }

    /** Patients and alarms owned by other nodes, as published to the view topics. */
    public interface RemoteView {
        List<PatientSnapshot> patients();

        Optional<PatientSnapshot> patient(String patientId);

        List<Alarm> alarms();
    }

    private final KafkaClients clients;
    private final Parts parts;
    private final ConcurrentHashMap<Integer, PartitionEngine> engines = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;
    private final Thread thread;
    private final Counter assigned;
    private final Counter revoked;
    private final Counter lost;
    private final PartitionCheckpoints checkpoints;
    private final Counter fromCheckpoint;
    private final Counter fromStart;
    private final Counter replayedRecords;
    private long nextCheckpointMillis;
    private volatile boolean running = true;
    private final RemoteView remote;
    private final CommandRelay relay;
    private final ReadingsTopic readings;
    private volatile List<String> members = List.of();
    private volatile long reachableAtMillis;
    private long nextStatusMillis;

    private final ViewPublisher publisher;
    private final ClusterView view;
    private final LiveListener engineListener;

    PartitionProcessing(KafkaClients clients, ReadingsTopic readings, Parts parts, LiveListener live,
                        MeterRegistry meters) {
        this.clients = clients;
        this.parts = parts;
        this.publisher = new ViewPublisher(clients);
        this.readings = readings;
        this.relay = new CommandRelay(readings, clients.settings());
        relay.ownerSide(publisher, parts::durable);
        this.view = new ClusterView(clients, live, relay);
        this.remote = view;
        this.engineListener = new LiveListener() { // the local live view, and the cluster's through the view topics
            @Override
            public void onPatientChanged(PatientSnapshot snapshot, Reading reading) {
                live.onPatientChanged(snapshot, reading);
                publisher.onPatientChanged(snapshot, reading);
            }

            @Override
            public void onAlarm(Alarm alarm) {
                live.onAlarm(alarm);
                publisher.onAlarm(alarm);
            }

            @Override
            public void onPatientRemoved(String patientId) { // discharged: this node's boards and every other's
                live.onPatientRemoved(patientId);
                publisher.onPatientRemoved(patientId);
            }
        };
        this.consumer = new KafkaConsumer<>(clients.consumer("processing", clients.settings().groupId()));
        this.admin = Admin.create(clients.admin());
        this.thread = new Thread(this::run, "cluster-membership");
        thread.setDaemon(true);
        assigned = Counter.builder(Meters.CLUSTER_REBALANCES).tag("event", "assigned").register(meters);
        revoked = Counter.builder(Meters.CLUSTER_REBALANCES).tag("event", "revoked").register(meters);
        lost = Counter.builder(Meters.CLUSTER_REBALANCES).tag("event", "lost").register(meters);
        Gauge.builder(Meters.CLUSTER_PARTITIONS_OWNED, engines, Map::size).register(meters);
        checkpoints = new PartitionCheckpoints(clients, meters);
        fromCheckpoint = Counter.builder(Meters.CLUSTER_TAKEOVERS).tag("start", "checkpoint").register(meters);
        fromStart = Counter.builder(Meters.CLUSTER_TAKEOVERS).tag("start", "full").register(meters);
        replayedRecords = Counter.builder(Meters.CLUSTER_REPLAYED_RECORDS).register(meters);
    }

    /**
     * Builds the node's processing; {@link #start} joins the group and starts the view.
     *
     * @param readings the readings topic (forwarded nurse commands are written to it)
     * @param live     the node's live view (web), told of local and remote changes
     */
    public static PartitionProcessing create(KafkaClients clients, ReadingsTopic readings, Parts parts, LiveListener live,
                                             MeterRegistry meters) {
        return new PartitionProcessing(clients, readings, parts, live, meters);
    }

    public void start() {
        view.start();
        thread.start();
    }

    private void run() {
        consumer.subscribe(List.of(clients.settings().topics().readings()), new Membership());
        while (running) {
            try {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (TopicPartition tp : records.partitions()) {
                    PartitionEngine engine = engines.get(tp.partition());
                    if (engine != null) {
                        for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                            engine.apply(r);
                        }
                    }
                }
                engines.values().forEach(PartitionEngine::trim);
                writeCheckpoints();
                refreshStatus();
            } catch (WakeupException e) {
                if (running) {
                    LOG.warn("membership consumer woken unexpectedly");
                }
            } catch (RuntimeException e) {
                LOG.error("cluster membership consumer failed; retrying in 1 s: {}", e.toString());
                sleepQuietly();
            }
        }
        engines.values().forEach(e -> {
            if (e.live()) {
                checkpoints.write(e.checkpoint()); // a clean stop: whoever takes over replays a short tail
            }
            e.close();
        });
        engines.clear();
        consumer.close(Duration.ofSeconds(5));
    }

    /** Every live engine's checkpoint, every {@code cluster.checkpoint-interval}; poll thread. */
    private void writeCheckpoints() {
        long now = System.currentTimeMillis();
        if (now < nextCheckpointMillis) {
            return;
        }
        nextCheckpointMillis = now + clients.settings().checkpoints().interval().toMillis();
        engines.values().forEach(e -> {
            if (e.live()) {
                checkpoints.write(e.checkpoint());
            }
        });
    }

    /** Kafka reachability and the group's members, asked asynchronously every few seconds for /health. */
    private void refreshStatus() {
        long now = System.currentTimeMillis();
        if (now < nextStatusMillis) {
            return;
        }
        nextStatusMillis = now + STATUS_EVERY_MS;
        admin.describeConsumerGroups(List.of(clients.settings().groupId())).all().whenComplete((groups, error) -> {
            if (error != null) {
                return;
            }
            reachableAtMillis = System.currentTimeMillis();
            TreeSet<String> seen = new TreeSet<>();
            groups.values().forEach(g -> g.members().forEach(m -> seen.add(nodeOf(m.clientId()))));
            members = List.copyOf(seen);
        });
    }

    private static String nodeOf(String clientId) {
        String s = clientId.startsWith("homeward-") ? clientId.substring("homeward-".length()) : clientId;
        return s.endsWith("-processing") ? s.substring(0, s.length() - "-processing".length()) : s;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Rebalance callbacks; they run inside {@code poll} on the poll thread. */
    private final class Membership implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long loading = System.nanoTime();
            Map<Integer, CheckpointFold.Checkpoint> saved = checkpoints.load(
                    partitions.stream().map(TopicPartition::partition).toList());
            LOG.info("checkpoints of partitions {} read in {} ms ({} found)", partitions.stream()
                    .map(TopicPartition::partition).toList(), (System.nanoTime() - loading) / 1_000_000, saved.size());
            for (TopicPartition tp : partitions) {
                long from = first.get(tp);
                long to = end.get(tp);
                CheckpointFold.Checkpoint c = usable(tp.partition(), saved.get(tp.partition()), from, to);
                long start = c == null ? from : c.tailStart();
                consumer.seek(tp, start);
                (c == null ? fromStart : fromCheckpoint).increment();
                LOG.info("partition {} assigned to this node: replaying offsets {}..{}{}", tp.partition(), start, to,
                        c == null ? "" : " after its checkpoint of offset " + c.coveredOffset());
                engines.put(tp.partition(), new PartitionEngine(tp.partition(), parts, engineListener, relay,
                        clients.settings().nodeId(), c, start, to, clients.settings().checkpoints().lookback().toMillis()));
                replayedRecords.increment(Math.max(0, to - start));
                assigned.increment();
            }
        }

        /**
         * The checkpoint if a take-over can start from it: its tail is still kept and it is not ahead of the
         * partition (a topic deleted and created again). Otherwise null, with a WARN when there are records.
         */
        private CheckpointFold.Checkpoint usable(int partition, CheckpointFold.Checkpoint c, long first, long end) {
            if (c != null && c.tailStart() >= first && c.coveredOffset() <= end) {
                return c;
            }
            if (end > first) {
                LOG.warn("partition {}: {}; replaying the whole partition ({} records)", partition,
                        c == null ? "no checkpoint" : "checkpoint unusable (tail " + c.tailStart() + ", covered "
                                + c.coveredOffset() + ", partition " + first + ".." + end + ")", end - first);
            }
            return null;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drop(partitions, "revoked", revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            drop(partitions, "lost", lost);
        }

        private void drop(Collection<TopicPartition> partitions, String why, Counter counter) {
            for (TopicPartition tp : partitions) {
                PartitionEngine e = engines.remove(tp.partition());
                if (e != null && e.live() && counter == revoked) {
                    checkpoints.write(e.checkpoint()); // still the owner: the next one replays a short tail
                }
                if (e != null) {
                    e.close();
                    counter.increment();
                    LOG.info("partition {} {}: its patients are processed elsewhere now", tp.partition(), why);
                }
            }
        }
    }

    // ---- routing ----

    private int partitionOf(String patientId) {
        return ReadingsTopic.partitionOf(patientId, clients.settings().partitions());
    }

    /** The live engine of the patient's partition on this node, if any. */
    private Optional<PatientShards> local(String patientId) {
        PartitionEngine e = engines.get(partitionOf(patientId));
        return e != null && e.live() ? Optional.of(e.shards) : Optional.empty();
    }

    private List<PatientShards> live() {
        List<PatientShards> out = new ArrayList<>();
        engines.values().forEach(e -> {
            if (e.live()) {
                out.add(e.shards);
            }
        });
        return out;
    }

    /**
     * Device connection events: on the owner directly; from any other node as a record on the patient's
     * partition, which the owner applies live (not replayed, like the journal's). Non-blocking.
     */
    public void deviceEvent(DeviceEvent e) {
        Optional<PatientShards> here = local(e.patientId());
        if (here.isPresent()) {
            here.get().deviceEvent(e);
        } else {
            readings.record(e.patientId(), JournalRecords.deviceEvent(e)); // a failure is counted by ReadingsTopic
        }
    }

    @Override
    public void durable(long position, List<Reading> readings) {
        // the membership consumer delivers the record to the owner; nothing to wake here
    }

    /**
     * A refused record (SENSOR-FAULT input): on the owner directly; from any other node as a
     * {@code DEVICE_INPUT} record on the patient's partition, applied live by the owner like a device event.
     */
    @Override
    public void rejected(String deviceId, String patientId, RecordRejection rejection, long atMillis) {
        Optional<PatientShards> here = local(patientId);
        if (here.isPresent()) {
            here.get().rejected(deviceId, patientId, rejection, atMillis);
        } else {
            readings.record(patientId, JournalRecords.deviceInput(new JournalRecords.DeviceInput(deviceId, patientId,
                    atMillis, 0, rejection.index(), rejection.name(), rejection.reason().name(), rejection.detail(),
                    rejection.sample())));
        }
    }

    @Override
    public void rejected(String deviceId, String patientId, List<RecordRejection> rejections, long atMillis) {
        Optional<PatientShards> here = local(patientId);
        if (here.isPresent()) {
            here.get().rejected(deviceId, patientId, rejections, atMillis);
        } else {
            for (RecordRejection r : rejections) {
                rejected(deviceId, patientId, r, atMillis);
            }
        }
    }

    /** A SenML update interval (gap rules): like {@link #rejected}, on the owner or through the partition. */
    @Override
    public void expectedInterval(String deviceId, String patientId, long intervalMillis) {
        Optional<PatientShards> here = local(patientId);
        if (here.isPresent()) {
            here.get().expectedInterval(deviceId, patientId, intervalMillis);
        } else {
            readings.record(patientId, JournalRecords.deviceInput(
                    JournalRecords.DeviceInput.interval(deviceId, patientId, intervalMillis)));
        }
    }

    /** Registry changes: every engine's own sync tells the patients of its partition. */
    public void syncRegistry() {
        engines.values().forEach(e -> {
            if (e.live()) {
                e.registry.sync();
            }
        });
    }

    /** A new registry version: its discharged patients are marked before their released devices disconnect. */
    public void markDischarged(RegistryData data) {
        engines.values().forEach(e -> e.registry.markDischarged(data));
    }

    /** Completes when every live engine applied what it was told. */
    public CompletableFuture<Void> applied() {
        return CompletableFuture.allOf(live().stream().map(PatientShards::applied).toArray(CompletableFuture[]::new));
    }

    // ---- PatientCommands ----

    private <T> CompletableFuture<T> onOwner(String patientId, Function<PatientShards, CompletableFuture<T>> f) {
        return local(patientId).map(f).orElseGet(() -> CompletableFuture.failedFuture(new IllegalStateException(
                "this patient is processed by another node of the cluster (or being taken over); try again")));
    }

    /** Acknowledge or shelve: on the local engine, else forwarded to the owner through the readings partition. */
    private CompletableFuture<List<Alarm>> alarmCommand(String alarmId, String user, String note, long duration) {
        Optional<Alarm> a = alarm(alarmId);
        if (a.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no alarm " + alarmId));
        }
        String patient = a.get().patientId();
        Optional<PatientShards> here = local(patient);
        if (here.isPresent()) {
            return duration < 0 ? here.get().acknowledge(alarmId, user, note) : here.get().shelve(alarmId, user, duration);
        }
        return relay.send(patient, alarmId, user, note, duration);
    }

    private Optional<Alarm> alarm(String alarmId) {
        return alarms(false).stream().filter(a -> a.id().equals(alarmId)).findFirst();
    }

    @Override
    public CompletableFuture<List<Alarm>> acknowledge(String alarmId, String user, String note) {
        return alarmCommand(alarmId, user, note, -1);
    }

    @Override
    public CompletableFuture<List<Alarm>> shelve(String alarmId, String user, long durationMillis) {
        return alarmCommand(alarmId, user, null, Math.max(0, durationMillis));
    }

    @Override
    public CompletableFuture<List<Alarm>> manualEntry(ManualEntry e) {
        // journaled on the patient's partition by the caller: the owner applies it from there (PartitionEngine)
        return local(e.patientId()).map(s -> s.manualEntry(e)).orElseGet(() -> CompletableFuture.completedFuture(List.of()));
    }

    @Override
    public CompletableFuture<PatientThresholds> changeThresholds(ThresholdChange change) {
        return local(change.patientId()).map(s -> s.changeThresholds(change)).orElseGet(() ->
                CompletableFuture.failedFuture(new IllegalStateException("the change is saved; the node that processes"
                        + " this patient puts it in force within seconds (reload to see it)")));
    }

    @Override
    public CompletableFuture<PatientThresholds> thresholds(String patientId) {
        return onOwner(patientId, s -> s.thresholds(patientId));
    }

    // ---- PatientQuery: the owned engines, then what other nodes published ----

    @Override
    public List<PatientSnapshot> patients() {
        Map<String, PatientSnapshot> all = new LinkedHashMap<>();
        remote.patients().forEach(s -> all.put(s.patientId(), s));
        live().forEach(s -> s.patients().forEach(p -> all.put(p.patientId(), p)));
        List<PatientSnapshot> list = new ArrayList<>(all.values());
        list.sort(Comparator.comparing(PatientSnapshot::patientId));
        return list;
    }

    @Override
    public Optional<PatientSnapshot> patient(String patientId) {
        Optional<PatientSnapshot> here = local(patientId).flatMap(s -> s.patient(patientId));
        return here.isPresent() ? here : remote.patient(patientId);
    }

    @Override
    public List<Reading> history(String patientId, long sinceMillis) {
        return local(patientId).map(s -> s.history(patientId, sinceMillis)).orElse(List.of());
    }

    @Override
    public List<Alarm> alarms(boolean openOnly) {
        Map<String, Alarm> all = new LinkedHashMap<>();
        remote.alarms().forEach(a -> all.merge(a.id(), a, PartitionProcessing::newer));
        live().forEach(s -> s.alarms(false).forEach(a -> all.merge(a.id(), a, PartitionProcessing::newer)));
        List<Alarm> list = new ArrayList<>();
        for (Alarm a : all.values()) {
            if (!openOnly || a.isOpen()) {
                list.add(a);
            }
        }
        list.sort(Comparator.comparingLong(Alarm::changedAtMillis).reversed());
        return list;
    }

    private static Alarm newer(Alarm a, Alarm b) {
        return b.changedAtMillis() >= a.changedAtMillis() ? b : a;
    }

    @Override
    public List<Alarm> alarmHistory(String patientId, long sinceMillis) {
        Optional<PatientShards> here = local(patientId);
        return here.isPresent() ? here.get().alarmHistory(patientId, sinceMillis)
                : PatientQuery.super.alarmHistory(patientId, sinceMillis);
    }

    // ---- health ----

    /** Technical alarms of every owned engine (lag, failed tasks). */
    public List<Map<String, Object>> technicalAlarms() {
        List<Map<String, Object>> out = new ArrayList<>();
        live().forEach(s -> out.addAll(s.technicalAlarms()));
        return out;
    }

    public void checkTechnicalAlarms() {
        live().forEach(PatientShards::checkTechnicalAlarms);
    }

    /** The node's view of the cluster for {@code /health}. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodeId", clients.settings().nodeId());
        m.put("members", members);
        TreeSet<Integer> owned = new TreeSet<>();
        TreeSet<Integer> replaying = new TreeSet<>();
        engines.forEach((p, e) -> (e.live() ? owned : replaying).add(p));
        m.put("partitionsOwned", List.copyOf(owned));
        m.put("partitionsReplaying", List.copyOf(replaying));
        List<Map<String, Object>> takeovers = new ArrayList<>();
        new java.util.TreeMap<>(engines).values().forEach(e -> takeovers.add(e.takeover()));
        m.put("takeovers", takeovers);
        m.put("partitions", clients.settings().partitions());
        long seen = reachableAtMillis;
        m.put("kafkaReachable", seen > 0 && System.currentTimeMillis() - seen < 3 * STATUS_EVERY_MS + 5_000);
        return m;
    }

    @Override
    public void close() {
        running = false;
        PollThreads.stop(thread, consumer, Duration.ofMillis(10_000));
        admin.close(Duration.ofSeconds(2));
        view.close();
        publisher.close();
        checkpoints.close();
    }
}
