package org.homeward.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.homeward.gateway.forward.ForwardSource;
import org.homeward.gateway.forward.Forwarder;
import org.homeward.gateway.forward.ForwarderSettings;
import org.homeward.gateway.forward.TestRecords;
import org.homeward.gateway.forward.kafka.KafkaSink;
import org.homeward.gateway.forward.kafka.KafkaSinkSettings;
import org.homeward.gateway.forward.kafka.KafkaTestBroker;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster-mode forwarding against a real KRaft broker: two "nodes" (two forwarders in this JVM, the
 * same sink name, so the same consumer group) read the readings topic and deliver to the real Kafka-out
 * sink. Every record arrives once, both nodes share the work, and when one node stops the other
 * carries on from the committed offsets without re-sending what was already delivered.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first test counts every record of the shared readings topic
class ClusterForwardingTest {
    static final int PARTITIONS = 4;
    static final List<String> PATIENTS = List.of("pa", "pb", "pc", "pd", "pe", "pf", "pg", "ph");
    static final ForwarderSettings FAST = ForwarderSettings.defaults().withPollInterval(Duration.ofMillis(100))
            .withBackoff(Duration.ofMillis(100), Duration.ofMillis(1000));

    @TempDir
    static Path brokerDir;
    @TempDir
    Path dir;
    static KafkaTestBroker broker;
    final Map<String, Integer> arrivals = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        broker = new KafkaTestBroker(brokerDir);
        broker.createTopics(KafkaSinkSettings.DEFAULT_TOPIC, KafkaSinkSettings.DEFAULT_ALARMS_TOPIC);
        KafkaClients setup = new KafkaClients(ClusterSettings.forTest("setup", broker.bootstrap(), PARTITIONS));
        // ensure() describes the topics right after creating them and a fresh broker may not know them yet: retry
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> ClusterTopics.ensure(setup));
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void eachRecordIsForwardedOncePerClusterAndASurvivorContinuesFromTheCommittedOffsets() throws Exception {
        KafkaClients a = clients("node-a");
        SimpleMeterRegistry metersA = new SimpleMeterRegistry();
        SimpleMeterRegistry metersB = new SimpleMeterRegistry();
        TopicForwardSource sourceA = new TopicForwardSource(a, "kafka", FAST.windowEntries(), FAST.pollInterval());
        TopicForwardSource sourceB = new TopicForwardSource(clients("node-b"), "kafka", FAST.windowEntries(),
                FAST.pollInterval());
        try (ReadingsTopic topic = new ReadingsTopic(a, new SimpleMeterRegistry());
             KafkaConsumer<String, byte[]> out = outConsumer();
             Forwarder nodeA = forwarder(sourceA, "node-a", metersA);
             Forwarder nodeB = forwarder(sourceB, "node-b", metersB)) {
            nodeA.start();
            nodeB.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> owned(nodeA) > 0 && owned(nodeB) > 0
                    && owned(nodeA) + owned(nodeB) == PARTITIONS); // the /health "partitions" of each node

            int first = publish(topic, 1, 40); // 40 entries x 2 readings
            await().atMost(Duration.ofSeconds(30)).until(() -> drain(out) == first
                    && nodeA.backlog() == 0 && nodeB.backlog() == 0);
            assertThat(arrivals.values()).as("deliveries per idempotency key").containsOnly(1);
            assertThat(delivered(metersA)).as("node A delivered").isPositive();
            assertThat(delivered(metersB)).as("node B delivered").isPositive();
            assertThat(delivered(metersA) + delivered(metersB)).isEqualTo(first);

            nodeA.close(); // leaves the group: node B takes its partitions from their committed offsets
            await().atMost(Duration.ofSeconds(30)).until(() -> owned(nodeB) == PARTITIONS);
            int second = publish(topic, 41, 80);
            await().atMost(Duration.ofSeconds(30)).until(() -> drain(out) == first + second && nodeB.backlog() == 0);
            assertThat(arrivals.values()).as("deliveries per idempotency key after the hand-over").containsOnly(1);
            assertThat(arrivals.keySet()).allMatch(k -> k.startsWith("homeward.readings."));
        }
    }

    @Test
    @Order(2)
    void aWindowTheSinkDidNotFinishIsHandedOutAgainNeverSkipped() throws Exception {
        KafkaClients c = clients("node-c");
        try (ReadingsTopic topic = new ReadingsTopic(c, new SimpleMeterRegistry())) {
            publish(topic, 1, 8);
        }
        TopicForwardSource source = new TopicForwardSource(c, "rewind-check", 1000, Duration.ofMillis(200));
        try {
            List<ForwardSource.Entry> first = nextNonEmpty(source);
            String firstKey = first.get(0).keyBase();
            assertThat(firstKey).matches("homeward\\.readings\\.\\d+-\\d+");
            // not finished (the sink failed): the next windows start again at it
            await().atMost(Duration.ofSeconds(30)).until(() -> source.next(1000).stream()
                    .anyMatch(e -> e.keyBase().equals(firstKey)));
            assertThat(source.position()).as("nothing finished, nothing committed").isLessThan(first.get(0).position());
        } finally {
            source.close();
        }
    }

    private static List<ForwardSource.Entry> nextNonEmpty(TopicForwardSource source) {
        List<List<ForwardSource.Entry>> got = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<ForwardSource.Entry> e = source.next(1000);
            if (!e.isEmpty()) {
                got.add(e);
            }
            return !e.isEmpty();
        });
        return got.get(0);
    }

    private static int owned(Forwarder f) {
        return f.ownedPartitions().orElseThrow();
    }

    private KafkaClients clients(String node) {
        return new KafkaClients(ClusterSettings.forTest(node, broker.bootstrap(), PARTITIONS));
    }

    private Forwarder forwarder(TopicForwardSource source, String node, SimpleMeterRegistry meters) {
        KafkaSinkSettings out = KafkaSinkSettings.defaults(broker.bootstrap(), node).withTimeout(Duration.ofSeconds(20));
        return new Forwarder(source, new KafkaSink(out), FAST, dir.resolve(node), meters, Clock.systemUTC());
    }

    /** Appends entries {@code from..to} (one patient each, two readings) as a node's ingest does; returns the readings. */
    private static int publish(ReadingsTopic topic, int from, int to) throws Exception {
        for (int n = from; n <= to; n++) {
            String patient = PATIENTS.get(n % PATIENTS.size());
            topic.append(patient, TestRecords.vitals(n, patient)).get();
        }
        return 2 * (to - from + 1);
    }

    private static double delivered(SimpleMeterRegistry meters) {
        return meters.get(Meters.FORWARD_RECORDS).tag("outcome", "delivered").counter().count();
    }

    private KafkaConsumer<String, byte[]> outConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-out");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(KafkaSinkSettings.DEFAULT_TOPIC));
        return c;
    }

    /** Counts the arrivals of every idempotency key on the out topic so far; returns the distinct keys. */
    private int drain(KafkaConsumer<String, byte[]> out) {
        for (ConsumerRecord<String, byte[]> r : out.poll(Duration.ofMillis(200))) {
            String key = new String(r.headers().lastHeader("idempotency-key").value(), StandardCharsets.UTF_8);
            arrivals.merge(key, 1, Integer::sum);
        }
        return arrivals.size();
    }
}
