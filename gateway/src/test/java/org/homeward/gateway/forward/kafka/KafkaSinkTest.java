package org.homeward.gateway.forward.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.forward.Forwarder;
import org.homeward.gateway.forward.ForwarderSettings;
import org.homeward.gateway.forward.InMemoryJournal;
import org.homeward.gateway.forward.TestRecords;
import org.homeward.gateway.forward.Workload;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka sink against a real single-node KRaft broker (child JVM), through the real Forwarder. */
@Timeout(240)
class KafkaSinkTest {
    static final ForwarderSettings FAST = ForwarderSettings.defaults().withPollInterval(Duration.ofMillis(20))
            .withBackoff(Duration.ofMillis(100), Duration.ofMillis(1000));
    static final int ENTRIES = Integer.getInteger("forward.bench.entries", 200);
    static KafkaTestBroker broker;

    @TempDir
    static Path brokerDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaTestBroker(brokerDir);
        broker.createTopics(KafkaSinkSettings.DEFAULT_TOPIC, KafkaSinkSettings.DEFAULT_ALARMS_TOPIC);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyRecordArrivesKeyedByPatientWithItsIdempotencyKeyInPatientOrder() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        Workload w = new Workload("ka", "kb", "kc").append(journal, 1, ENTRIES + 1);
        KafkaSinkSettings settings = KafkaSinkSettings.defaults(broker.bootstrap(), "gw1")
                .withTimeout(Duration.ofSeconds(20));
        long t0 = System.nanoTime();
        try (Forwarder f = new Forwarder(journal, new KafkaSink(settings), FAST, dir, "gw1",
                new SimpleMeterRegistry(), Clock.systemUTC())) {
            f.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120))
                    .until(() -> f.cursor() == journal.lastSequence());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("Kafka throughput: %d records in %d ms = %.0f records/s%n", w.records(), ms,
                w.records() * 1000.0 / Math.max(1, ms));

        Map<String, JsonNode> byKey = consumeAll("gw1-", w.records(), Duration.ofSeconds(60));
        assertThat(byKey).hasSize(w.records());
        for (String p : w.patients) {
            for (String type : List.of("reading", "alarm")) {
                List<String> keys = new ArrayList<>();
                byKey.values().stream().filter(n -> n.get("patient").asText().equals(p)
                        && n.get("type").asText().equals(type)).forEach(n -> keys.add(n.get("key").asText()));
                assertThat(Workload.ascending(keys)).as(p + " " + type + " order").isTrue();
            }
        }
        JsonNode temp = byKey.values().stream().filter(n -> "temp".equals(n.path("vital").asText())).findFirst()
                .orElseThrow();
        assertThat(temp.get("unit").asText()).isEqualTo("Cel");
        assertThat(temp.get("loinc").asText()).isEqualTo("8310-5");
        assertThat(temp.get("schema").asText()).isEqualTo("homeward.forward/1");
    }

    @Test
    void aRecordTooLargeForTheClusterIsDeadLetteredAndLaterRecordsFlow() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        String hugeEvidence = "x".repeat(20_000);
        journal.append(JournalRecords.alarm(new Alarm("big", "kd", "CRS-FEVER", AlarmKind.PHYSIOLOGICAL,
                Priority.HIGH, AlarmState.ACTIVE, TestRecords.T0, TestRecords.T0, null, null, hugeEvidence, 0, null)));
        Workload w = new Workload("kd").append(journal, 2, 4);
        KafkaSinkSettings settings = KafkaSinkSettings.defaults(broker.bootstrap(), "gw2")
                .withTimeout(Duration.ofSeconds(20)).withProperties(Map.of("max.request.size", "10000"));
        try (Forwarder f = new Forwarder(journal, new KafkaSink(settings), FAST, dir, "gw2",
                new SimpleMeterRegistry(), Clock.systemUTC())) {
            f.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> f.cursor() == journal.lastSequence());
        }
        List<String> dead = Files.readAllLines(dir.resolve("forward/kafka.deadletter.jsonl"));
        assertThat(dead).singleElement().asString().contains("\"key\":\"gw2-1-0\"").contains("RecordTooLarge");
        Map<String, JsonNode> byKey = consumeAll("gw2-", w.records(), Duration.ofSeconds(60));
        assertThat(byKey).hasSize(w.records());
    }

    /** Reads both topics from the beginning until {@code expected} distinct keys starting with {@code prefix} were seen. */
    Map<String, JsonNode> consumeAll(String prefix, int expected, Duration atMost) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        long deadline = System.nanoTime() + atMost.toNanos();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(KafkaSinkSettings.DEFAULT_TOPIC, KafkaSinkSettings.DEFAULT_ALARMS_TOPIC));
            while (byKey.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    JsonNode n = json.readTree(r.value());
                    String header = new String(r.headers().lastHeader("idempotency-key").value(), StandardCharsets.UTF_8);
                    assertThat(header).isEqualTo(n.get("key").asText());
                    assertThat(r.key()).isEqualTo(n.get("patient").asText());
                    if (header.startsWith(prefix)) {
                        byKey.putIfAbsent(header, n);
                    }
                }
            }
        }
        return byKey;
    }
}
