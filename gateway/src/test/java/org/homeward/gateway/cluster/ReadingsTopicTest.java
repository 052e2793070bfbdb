package org.homeward.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.device.DeviceInfo;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Transport;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.kafka.KafkaTestBroker;
import org.homeward.gateway.ingest.Channel;
import org.homeward.gateway.ingest.DefaultIngestService;
import org.homeward.gateway.ingest.DeviceRateLimiter;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.IngestOutcome;
import org.homeward.gateway.ingest.IngestRequest;
import org.homeward.gateway.ingest.PackDecoder;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.ingest.ReadingSink;
import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.journal.JournalException;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest in cluster mode against a real KRaft broker: the topics are created as planned, a pack is
 * acknowledged only once Kafka has it and lands on its patient's partition keyed by the patient with the
 * local journal's bytes, the owner's other records follow it there, and with Kafka gone a pack is refused
 * with a retryable reason instead of acknowledged. The last test stops the broker.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadingsTopicTest {
    static final int PARTITIONS = 4;
    static final Reading TEMP = new Reading("d-1", "p-1", Vital.TEMP, 38.4, 1_000, 1_000, Quality.OK, "Cel", false);
    @TempDir
    static Path brokerDir;
    static KafkaTestBroker broker;
    static KafkaClients clients;
    static ReadingsTopic topic;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<Long> durable = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        broker = new KafkaTestBroker(brokerDir);
        ClusterSettings s = ClusterSettings.forTest("node-a", broker.bootstrap(), PARTITIONS);
        clients = new KafkaClients(new ClusterSettings(true, s.nodeId(), s.bootstrapServers(), PARTITIONS, 1, 1,
                s.groupId(), s.topics(), s.readingsRetention(), Duration.ofSeconds(2), s.commandTimeout(), s.security(), s.checkpoints()));
        ClusterTopics.ensure(clients);
        topic = new ReadingsTopic(clients, new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() throws Exception {
        if (topic != null) {
            topic.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void theTopicsAreCreatedWithCompactionAndMinInsyncReplicas() throws Exception {
        try (Admin admin = Admin.create(clients.admin())) {
            assertThat(admin.describeTopics(List.of("homeward.readings")).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get("homeward.readings").partitions()).hasSize(PARTITIONS);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, "homeward.patients"),
                    new ConfigResource(ConfigResource.Type.TOPIC, "homeward.readings"))).all().get(10, TimeUnit.SECONDS);
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, "homeward.patients"))
                    .get("cleanup.policy").value()).isEqualTo("compact");
            Config readings = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, "homeward.readings"));
            assertThat(readings.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(readings.get("min.insync.replicas").value()).isEqualTo("1");
        }
        ClusterSettings s = clients.settings();
        KafkaClients other = new KafkaClients(new ClusterSettings(true, "node-b", s.bootstrapServers(), 6, 1, 1,
                s.groupId(), s.topics(), s.readingsRetention(), s.ackTimeout(), s.commandTimeout(), s.security(), s.checkpoints()));
        assertThatThrownBy(() -> ClusterTopics.ensure(other)).hasMessageContaining("cluster.partitions = 6")
                .hasMessageContaining("set cluster.partitions = 4");
    }

    @Test
    @Order(2)
    void aPackIsAcknowledgedOnceKafkaHasItOnThePatientsPartitionKeyedByPatient() throws Exception {
        IngestOutcome outcome = service().ingest(request()).get(15, TimeUnit.SECONDS);
        assertThat(outcome.accepted()).isEqualTo(1);
        assertThat(durable).hasSize(1);
        List<ConsumerRecord<String, byte[]>> records = partitionOf("p-1");
        ConsumerRecord<String, byte[]> last = records.get(records.size() - 1);
        assertThat(last.key()).isEqualTo("p-1");
        assertThat(last.offset() + 1).isEqualTo(durable.get(0));
        assertThat(last.value()).isEqualTo(JournalRecords.readings(List.of(TEMP)));
    }

    @Test
    @Order(3)
    void theOwnersAlarmRecordsFollowThePacksOnTheSamePartition() throws Exception {
        Alarm a = new Alarm("a-1", "p-1", "CRS-FEVER", AlarmKind.PHYSIOLOGICAL, Priority.HIGH, AlarmState.ACTIVE,
                1_000, 1_000, null, null, "38.4", 0, "d-1", 0);
        long position = new PartitionJournal(topic).append(JournalRecords.alarm(a)).get(15, TimeUnit.SECONDS);
        List<ConsumerRecord<String, byte[]>> records = partitionOf("p-1");
        ConsumerRecord<String, byte[]> last = records.get(records.size() - 1);
        assertThat(last.offset() + 1).isEqualTo(position);
        assertThat(JournalRecords.decode(last.value()).alarm()).isEqualTo(a);
    }

    @Test
    @Order(99)
    void withKafkaGoneAPackIsRefusedWithARetryableReasonNeverAcknowledged() throws Exception {
        broker.close();
        assertThatThrownBy(() -> service().ingest(request()).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IngestException.class)
                .satisfies(e -> assertThat(((IngestException) e).reason())
                        .isIn(FailureReason.STORAGE_FAILED, FailureReason.OVERLOADED));
        assertThat(durable).isEmpty();
        Alarm a = new Alarm("a-2", "p-1", "CRS-FEVER", AlarmKind.PHYSIOLOGICAL, Priority.HIGH, AlarmState.ACTIVE,
                1_000, 1_000, null, null, "38.4", 0, "d-1", 0);
        assertThatThrownBy(() -> new PartitionJournal(topic).append(JournalRecords.alarm(a)).get(30, TimeUnit.SECONDS))
                .cause().isInstanceOf(JournalException.class);
        assertThat(meters.find("homeward.ingest.requests").tag("outcome", "ok").counter()).isNull();
    }

    private DefaultIngestService service() {
        PackDecoder decoder = (f, p, d, pt, at) -> new PackDecoder.Result(List.of(TEMP), List.of(), List.of());
        ReadingSink sink = new ReadingSink() {
            @Override
            public void durable(long position, List<Reading> readings) {
                durable.add(position);
            }

            @Override
            public void rejected(String d, String p, RecordRejection r, long at) {
            }
        };
        return new DefaultIngestService(new OneDevice(), decoder, topic, sink, meters, DeviceRateLimiter.UNLIMITED);
    }

    private static IngestRequest request() {
        return new IngestRequest(Transport.MQTT, "d-1", Channel.SENML, PayloadFormat.SENML_JSON,
                "[]".getBytes(), 1_000);
    }

    private static List<ConsumerRecord<String, byte[]>> partitionOf(String patient) {
        TopicPartition tp = new TopicPartition("homeward.readings", ReadingsTopic.partitionOf(patient, PARTITIONS));
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(clients.consumer("test", null))) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                c.poll(Duration.ofMillis(500)).records(tp).forEach(out::add);
            }
        }
        return out;
    }

    static final class OneDevice implements DeviceDirectory {
        @Override public Optional<DeviceInfo> authenticate(String deviceId, byte[] secret) { return find(deviceId); }
        @Override public AuthFailure explainFailure(String deviceId, byte[] secret) { return AuthFailure.NONE; }
        @Override public Optional<byte[]> pskFor(String deviceId) { return Optional.empty(); }
        @Override public Optional<DeviceInfo> find(String deviceId) {
            return "d-1".equals(deviceId) ? Optional.of(new DeviceInfo("d-1", "p-1", "patch")) : Optional.empty();
        }
        @Override public void onDeactivated(Consumer<String> listener) { }
    }
}
