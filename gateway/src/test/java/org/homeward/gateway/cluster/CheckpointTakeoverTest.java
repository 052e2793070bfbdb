package org.homeward.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.homeward.gateway.app.ClinicalBinding;
import org.homeward.gateway.app.RegistrySync;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.clinical.EscalationListener;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.RegistryStore;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.kafka.KafkaTestBroker;
import org.homeward.gateway.metrics.Meters;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.processing.ReadingLog;
import org.homeward.gateway.processing.ShardSettings;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Take-over from a checkpoint on a real KRaft broker: node A takes over a partition holding 10 h of a patient's
 * readings and a fever alarm raised 9.5 h ago (no checkpoint yet: the whole partition), writes checkpoints and
 * stops cleanly; node B then replays only the checkpoint's tail (1 h look-back), and holds the fever alarm open
 * with its id, never raised a second time on the partition.
 */
@Timeout(120)
class CheckpointTakeoverTest {
    static final String P = "p-takeover";
    static final int PARTITIONS = 2;
    static final long MIN = 60_000;
    @TempDir
    Path dir;
    KafkaTestBroker broker;
    PartitionProcessing a;
    PartitionProcessing b;
    final List<ReadingsTopic> topics = new java.util.ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {b, a}) {
            if (c != null) {
                c.close();
            }
        }
        for (ReadingsTopic t : topics) {
            t.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void givenACheckpointWrittenByTheOwner_whenAnotherNodeTakesOver_thenItReplaysOnlyTheTailAndTheAlarmStaysOpenOnce()
            throws Exception {
        broker = new KafkaTestBroker(java.nio.file.Files.createDirectories(dir.resolve("broker")));
        KafkaClients clientsA = clients("node-a");
        ClusterTopics.ensure(clientsA);
        int partition = ReadingsTopic.partitionOf(P, PARTITIONS);
        long now = System.currentTimeMillis();
        // -Dtakeover.records=N for the measurement in docs/cluster.md; N reading sets spread over the last 10 h
        int n = Integer.getInteger("takeover.records", 600);
        long step = 600 * MIN / n;
        long total = n + 2;
        try (ReadingsTopic writer = new ReadingsTopic(clientsA, new SimpleMeterRegistry())) {
            List<CompletableFuture<Long>> sent = new java.util.ArrayList<>();
            long admitted = now - 28 * 60 * MIN; // baseline windows (24 h + 3 h horizon) closed: the tail is the look-back
            sent.add(writer.append(P, JournalRecords.readings(List.of(
                    new Reading("d-1", P, Vital.TEMP, 36.8, admitted, admitted, Quality.OK, "Cel", false),
                    new Reading("d-1", P, Vital.HR, 80, admitted, admitted, Quality.OK, "beat/min", false)))));
            for (int i = 0; i < n; i++) { // fever in the first hour
                long at = now - (n - i) * step;
                double temp = i < n / 10 ? 38.6 : 37.0;
                sent.add(writer.append(P, JournalRecords.readings(List.of(
                        new Reading("d-1", P, Vital.TEMP, temp, at, at, Quality.OK, "Cel", false),
                        new Reading("d-1", P, Vital.HR, 80, at, at, Quality.OK, "beat/min", false)))));
                if (i == n / 20) { // what the partition's owner of then wrote when it raised the fever
                    sent.add(writer.append(P, JournalRecords.alarm(new Alarm("fever-1", P, "CRS-FEVER",
                            AlarmKind.PHYSIOLOGICAL, Priority.HIGH, AlarmState.ACTIVE, at, at, "", "", "temp ≥ 38 °C", 2,
                            null, 0))));
                }
            }
            sent.forEach(CompletableFuture::join);
        }

        MeterRegistry metersA = new SimpleMeterRegistry();
        a = node(clientsA, metersA);
        Map<String, Object> takeA = await().atMost(Duration.ofSeconds(60)).until(() -> takeover(a, partition),
                t -> t != null && (Long) t.get("millis") >= 0);
        assertThat(takeA.get("fromCheckpoint")).as("no checkpoint yet: the whole partition").isEqualTo(false);
        assertThat((Long) takeA.get("replayedRecords")).isGreaterThanOrEqualTo(total);
        assertThat(metersA.counter(Meters.CLUSTER_TAKEOVERS, "start", "full").count()).isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> metersA.counter(Meters.CLUSTER_CHECKPOINTS, "outcome",
                "written").count() >= PARTITIONS);
        assertThat(restored(a)).as("node A's engine holds the restored fever").isNotNull();
        a.close(); // a clean stop writes the final checkpoints
        a = null;

        MeterRegistry metersB = new SimpleMeterRegistry();
        b = node(clients("node-b"), metersB);
        Map<String, Object> takeB = await().atMost(Duration.ofSeconds(60)).until(() -> takeover(b, partition),
                t -> t != null && (Long) t.get("millis") >= 0);
        System.out.println("take-over: full " + takeA + ", from checkpoint " + takeB);
        assertThat(takeB.get("fromCheckpoint")).isEqualTo(true);
        assertThat((Long) takeB.get("replayedRecords")).as("only the tail (1 h of 10 h, and A's alarm values)")
                .isLessThan(total / 4).isPositive();
        assertThat(metersB.counter(Meters.CLUSTER_TAKEOVERS, "start", "checkpoint").count()).isPositive();
        Alarm fever = restored(b);
        assertThat(fever).as("node B's own engine holds the fever (not only the view of A's)").isNotNull();
        assertThat(fever.isOpen()).isTrue();
        assertThat(fever.escalationLevel()).isEqualTo(2);
        assertThat(feverIds(clientsA, partition)).as("raised once on the partition").containsExactly("fever-1");
    }

    private KafkaClients clients(String node) {
        return new KafkaClients(ClusterSettings.forTest(node, broker.bootstrap(), PARTITIONS).withCheckpoints(
                new ClusterSettings.Checkpoints("homeward.checkpoints", Duration.ofMillis(500), Duration.ofHours(1))));
    }

    private PartitionProcessing node(KafkaClients clients, MeterRegistry meters) {
        ReadingsTopic readings = new ReadingsTopic(clients, meters);
        topics.add(readings);
        FileDeviceDirectory directory = new FileDeviceDirectory(new RegistryStore(dir.resolve(clients.settings().nodeId())));
        PartitionProcessing p = PartitionProcessing.create(clients, readings, new PartitionProcessing.Parts() {
            @Override
            public PatientShards shards(ReadingLog log, LiveListener listener, int partition) {
                return new PatientShards(ShardSettings.defaults().withShards(1), log,
                        new ClinicalBinding(ClinicalSettings.defaults(), EscalationListener.NONE), listener,
                        alarm -> readings.append(alarm.patientId(), JournalRecords.alarm(alarm)), Clock.systemUTC(),
                        ZoneOffset.UTC, new SimpleMeterRegistry());
            }

            @Override
            public RegistrySync registry(PatientShards shards, int partition) {
                return RegistrySync.of(directory, shards, id -> ReadingsTopic.partitionOf(id, PARTITIONS) == partition);
            }

            @Override
            public void replayedAlarm(Alarm alarm) {
            }

            @Override
            public CompletableFuture<?> durable(String alarmId) {
                return CompletableFuture.completedFuture(null);
            }
        }, LiveListener.NONE, meters);
        p.start();
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> takeover(PartitionProcessing p, int partition) {
        for (Map<String, Object> t : (List<Map<String, Object>>) p.status().get("takeovers")) {
            if (t.get("partition").equals(partition)) {
                return t;
            }
        }
        return null;
    }

    /** The newest value of fever-1 in the node's own engine (alarm history is served by the owner only). */
    private static Alarm restored(PartitionProcessing p) {
        Alarm newest = null;
        for (Alarm x : p.alarmHistory(P, 0)) {
            if (x.id().equals("fever-1")) {
                newest = x;
            }
        }
        return newest;
    }

    /** Ids of every CRS-FEVER alarm value on the patient's partition. */
    private static Set<String> feverIds(KafkaClients clients, int partition) {
        Set<String> ids = new HashSet<>();
        TopicPartition tp = new TopicPartition(clients.settings().topics().readings(), partition);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(clients.consumer("check", null))) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value()[0] == JournalRecords.ALARM) {
                        Alarm x = JournalRecords.decode(r.value()).alarm();
                        if (x.rule().equals("CRS-FEVER")) {
                            ids.add(x.id());
                        }
                    }
                }
            }
        }
        return ids;
    }
}
