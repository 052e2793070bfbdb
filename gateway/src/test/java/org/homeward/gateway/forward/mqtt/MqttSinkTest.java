package org.homeward.gateway.forward.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.Forwarder;
import org.homeward.gateway.forward.ForwarderSettings;
import org.homeward.gateway.forward.InMemoryJournal;
import org.homeward.gateway.forward.TestRecords;
import org.homeward.gateway.forward.Workload;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT sink against a real mosquitto, through the real Forwarder. The receiver is a Paho
 * subscriber with a persistent session; it deduplicates by the {@code key} field (duplicates are
 * allowed by at-least-once, and counted), and per-patient order is checked on first arrivals.
 */
@Timeout(120)
class MqttSinkTest {
    static final ForwarderSettings FAST = ForwarderSettings.defaults().withPollInterval(Duration.ofMillis(20))
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
    static final int ENTRIES = Integer.getInteger("forward.bench.entries", 200);

    @TempDir
    Path dir;
    MosquittoBroker broker;
    final Receiver receiver = new Receiver();
    final InMemoryJournal journal = new InMemoryJournal();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(MosquittoBroker.BINARY), "mosquitto is not installed at /usr/sbin/mosquitto");
        broker = new MosquittoBroker(dir);
        receiver.connect(broker.uri());
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close();
        if (broker != null) {
            broker.close();
        }
    }

    Forwarder forwarder() throws Exception {
        MqttSinkSettings s = MqttSinkSettings.defaults(broker.uri(), "gw1").withTimeout(Duration.ofSeconds(5));
        return new Forwarder(journal, new MqttSink(s, dir), FAST, dir, "gw1", registry, Clock.systemUTC());
    }

    @Test
    void everyRecordArrivesWithItsKeyInPatientOrder() throws Exception {
        Workload w = new Workload("ma", "mb").append(journal, 1, ENTRIES + 1);
        long t0 = System.nanoTime();
        try (Forwarder f = forwarder()) {
            f.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> receiver.distinct() == w.records());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("MQTT throughput: %d records in %d ms = %.0f records/s, duplicates at receiver %d%n",
                w.records(), ms, w.records() * 1000.0 / Math.max(1, ms), receiver.duplicates.get());
        receiver.assertPatientOrder(w);
        JsonNode late = receiver.first(n -> n.path("late").asBoolean());
        assertThat(late.get("vital").asText()).isEqualTo("spo2");
        assertThat(late.get("measuredAt").asText()).isNotEqualTo(late.get("receivedAt").asText());
        assertThat(receiver.topicOf(late.get("key").asText())).isEqualTo("homeward/vitals/ma/dev-ma/spo2");
        JsonNode alarm = receiver.first(n -> n.path("type").asText().equals("alarm"));
        assertThat(receiver.topicOf(alarm.get("key").asText())).isEqualTo("homeward/alarms/ma");
    }

    @Test
    void afterABrokerOutageEverythingArrivesAndAppendsNeverWaited() throws Exception {
        Workload w = new Workload("mc");
        try (Forwarder f = forwarder()) {
            f.start();
            w.append(journal, 1, 11);
            await().until(() -> receiver.distinct() == w.records());
            broker.stop();
            w.append(journal, 11, ENTRIES + 11);
            await().until(() -> registry.get(Meters.FORWARD_RECORDS).tag("outcome", "retried").counter().count() > 0);
            System.out.println("MQTT outage, appends while the sink is down: " + w.appendFigures());
            long backlog = f.backlog();
            long t0 = System.nanoTime();
            broker.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> receiver.distinct() == w.records());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            await().until(() -> f.cursor() == journal.lastSequence());
            System.out.printf("MQTT catch-up: %d entries in %d ms, duplicates at receiver %d%n", backlog, ms,
                    receiver.duplicates.get());
        }
        receiver.assertPatientOrder(w);
    }

    @Test
    void aRecordWhoseIdsCannotFormATopicIsDeadLetteredAndLaterRecordsFlow() throws Exception {
        journal.append(JournalRecords.readings(List.of(TestRecords.reading("bad/id", Vital.TEMP, 37, 1))));
        Workload w = new Workload("md").append(journal, 2, 5);
        try (Forwarder f = forwarder()) {
            f.start();
            await().until(() -> f.cursor() == journal.lastSequence());
        }
        await().until(() -> receiver.distinct() == w.records());
        List<String> dead = Files.readAllLines(dir.resolve("forward/mqtt.deadletter.jsonl"));
        assertThat(dead).singleElement().asString().contains("\"key\":\"gw1-1-0\"").contains("MQTT topic");
    }

    /** Paho subscriber on homeward/#, persistent session, dedupe by key. */
    static final class Receiver implements MqttCallbackExtended {
        final Map<String, JsonNode> byKey = new LinkedHashMap<>();
        final Map<String, String> topics = new LinkedHashMap<>();
        final AtomicInteger duplicates = new AtomicInteger();
        final ObjectMapper json = new ObjectMapper();
        MqttClient client;

        void connect(String uri) throws Exception {
            client = new MqttClient(uri, "receiver", new MemoryPersistence());
            client.setCallback(this);
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(false);
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(500);
            client.connect(o);
            client.subscribe("homeward/#", 1);
        }

        @Override
        public synchronized void messageArrived(String topic, MqttMessage message) throws Exception {
            JsonNode n = json.readTree(message.getPayload());
            String key = n.get("key").asText();
            if (byKey.putIfAbsent(key, n) != null) {
                duplicates.incrementAndGet();
            }
            topics.putIfAbsent(key, topic);
        }

        synchronized int distinct() {
            return byKey.size();
        }

        synchronized String topicOf(String key) {
            return topics.get(key);
        }

        synchronized JsonNode first(java.util.function.Predicate<JsonNode> p) {
            return byKey.values().stream().filter(p).findFirst().orElseThrow();
        }

        synchronized void assertPatientOrder(Workload w) {
            for (String p : w.patients) {
                for (String type : List.of("reading", "alarm")) {
                    List<String> keys = new ArrayList<>();
                    byKey.values().stream().filter(n -> n.get("patient").asText().equals(p)
                            && n.get("type").asText().equals(type)).forEach(n -> keys.add(n.get("key").asText()));
                    assertThat(Workload.ascending(keys)).as(p + " " + type + " order").isTrue();
                }
            }
            assertThat(byKey).hasSize(w.records());
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        void close() throws Exception {
            if (client != null) {
                client.disconnectForcibly(1000);
                client.close(true);
            }
        }
    }
}
