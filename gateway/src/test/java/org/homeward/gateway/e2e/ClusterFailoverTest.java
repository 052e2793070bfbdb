package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.homeward.gateway.cluster.ReadingsTopic;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.forward.kafka.KafkaTestBroker;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode with real processes: one KRaft broker and two gateway JVMs started through the real command
 * line on one readings topic of 4 partitions. Devices connect to node B; a patient node A processes shows
 * its device online on A (the connection event travels on the patient's partition). A fever sent by a device connected to node B is raised by the
 * patient's owner and shown by node A (the cluster-wide view); an acknowledgement made on node A reaches the
 * owner B and is answered; then B is killed with SIGKILL while the devices publish, they reconnect to A, and
 * A takes over B's partitions: every reading B acknowledged is in the readings topic and on A's board (latest
 * value per patient), and the fever alarm is still open, still acknowledged, was raised exactly once, and is
 * held by A's own engine (A can shelve it).
 */
@Timeout(240)
class ClusterFailoverTest {
    static final int PARTITIONS = 4;
    static final int PATIENTS = 24;
    @TempDir
    Path tmp;

    @Test
    void anAlarmFromNodeBShowsOnNodeAAndSurvivesTheKillOfItsOwner() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Devices devices = registered(a, b, PATIENTS);
        try (KafkaTestBroker broker = new KafkaTestBroker(Files.createDirectories(tmp.resolve("kafka")));
             ChildGateway nodeA = new ChildGateway(a).start(cluster(broker, "node-a"));
             ChildGateway nodeB = new ChildGateway(b).start(cluster(broker, "node-b"))) {
            GatewayFixture apiA = GatewayFixture.forRunning(nodeA.port("http"));
            GatewayFixture apiB = GatewayFixture.forRunning(nodeB.port("http"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    !owned(apiA).isEmpty() && !owned(apiB).isEmpty() && owned(apiA).size() + owned(apiB).size() == PARTITIONS);
            String patient = patientOn(owned(apiB));
            assertThat(patient).as("a patient on a partition node B owns").isNotNull();
            String device = "d-" + patient.substring(2);

            devices.connect(nodeB.port("mqtt"));
            // a patient node A processes, whose device connected to node B (before sending anything): the
            // connection event reaches A through the patient's partition, so A shows the device online
            String onlineOnA = patientOn(owned(apiA));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> deviceOnline(apiA, onlineOnA));
            long sentAt = System.nanoTime();
            devices.sendFever(device);
            String feverPatient = patient;
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> feverAlarm(apiA, feverPatient) != null);
            System.out.printf("cluster: fever on node B's patient visible on node A after %d ms%n",
                    (System.nanoTime() - sentAt) / 1_000_000);
            String alarmId = feverAlarm(apiA, patient).path("id").asText();

            var ack = apiA.post("/api/alarms/" + alarmId + "/ack", "{\"note\":\"seen on node A\"}");
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
            assertThat(GatewayFixture.JSON.readTree(ack.body()).path("alarm").path("state").asText(
                    GatewayFixture.JSON.readTree(ack.body()).path("state").asText())).isEqualTo("ACKNOWLEDGED");

            Thread load = new Thread(() -> {
                try {
                    devices.send(1_000, 48);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            load.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> devices.acked.size() > PATIENTS * 3);
            nodeB.kill();
            devices.stop();
            load.join(60_000);

            devices.connect(nodeA.port("mqtt")); // the devices reconnect to the surviving node
            devices.send(3, 48);
            assertThat(devices.drain()).isTrue();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> owned(apiA).size() == PARTITIONS);

            Map<String, Double> latestAcked = new HashMap<>();
            devices.acked.forEach(s -> latestAcked.merge(devices.patientOf.get(s.device()), s.milli() / 1000.0, Math::max));
            Set<Received.Sent> inTopic = readingsIn(broker.bootstrap());
            Set<String> feverAlarmIds = new TreeSet<>();
            for (ConsumerRecord<String, byte[]> r : readAll(broker.bootstrap())) {
                if (r.value().length == 0 || r.value()[0] == 'C') {
                    continue;
                }
                JournalRecords.Decoded d = JournalRecords.decode(r.value());
                if (d.type() == JournalRecords.ALARM && d.alarm().rule().equals("CRS-FEVER")) {
                    feverAlarmIds.add(d.alarm().id());
                }
            }
            assertThat(inTopic).as("every acknowledged reading is in the readings topic").containsAll(devices.acked);
            assertThat(feverAlarmIds).as("the fever was raised once, not again by the new owner").containsExactly(alarmId);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (Map.Entry<String, Double> e : latestAcked.entrySet()) {
                    if (!e.getKey().equals(feverPatient)) { // the fever's own 38.6 is newer by measurement time
                        assertThat(apiA.latest(e.getKey(), "temp")).as(e.getKey()).isEqualTo(e.getValue());
                    }
                }
                JsonNode fever = feverAlarm(apiA, feverPatient);
                assertThat(fever).isNotNull();
                assertThat(fever.path("id").asText()).isEqualTo(alarmId);
                assertThat(fever.path("state").asText()).isEqualTo("ACKNOWLEDGED");
            });
            // the survivor's own engine holds the alarm (not only the view's copy of B's last value): it can shelve it
            var shelve = apiA.post("/api/alarms/" + alarmId + "/shelve", "{\"minutes\":5}");
            assertThat(shelve.statusCode()).as(shelve.body()).isEqualTo(200);
        } finally {
            devices.close();
        }
    }

    static Map<String, String> cluster(KafkaTestBroker broker, String node) {
        return cluster(broker.bootstrap(), node, PARTITIONS, 1, 1);
    }

    /** A node's cluster-mode settings (a mutable map, for a test to add its own). */
    static Map<String, String> cluster(String bootstrap, String node, int partitions, int replication, int minInsync) {
        Map<String, String> s = new LinkedHashMap<>(Map.of("cluster.enabled", "true", "cluster.node-id", node,
                "cluster.kafka.bootstrap-servers", bootstrap, "cluster.partitions", String.valueOf(partitions),
                "cluster.replication-factor", String.valueOf(replication),
                "cluster.min-insync-replicas", String.valueOf(minInsync), "registry.poll-interval", "500ms"));
        return s;
    }

    /** The partitions a node's {@code /health} says it owns. */
    static Set<Integer> owned(GatewayFixture api) throws IOException, InterruptedException {
        Set<Integer> out = new TreeSet<>();
        JsonNode cluster = GatewayFixture.JSON.readTree(api.get("/health", false).body()).findPath("cluster");
        cluster.path("partitionsOwned").forEach(p -> out.add(p.asInt()));
        return out;
    }

    /** The first patient whose partition is in {@code partitions}, or null. */
    private static String patientOn(Set<Integer> partitions) {
        for (int i = 0; i < PATIENTS; i++) {
            String p = String.format("p-%02d", i);
            if (partitions.contains(ReadingsTopic.partitionOf(p, PARTITIONS))) {
                return p;
            }
        }
        return null;
    }

    private static boolean deviceOnline(GatewayFixture api, String patient) throws IOException, InterruptedException {
        for (JsonNode p : api.getJson("/api/patients").path("patients")) {
            if (p.path("pseudonym").asText().equals(patient)) {
                return p.path("devices").path(0).path("online").asBoolean(false);
            }
        }
        return false;
    }

    static JsonNode feverAlarm(GatewayFixture api, String patient) throws IOException, InterruptedException {
        return alarm(api, patient, "CRS-FEVER");
    }

    /** The patient's alarm of {@code rule} the node shows, or null. */
    static JsonNode alarm(GatewayFixture api, String patient, String rule) throws IOException, InterruptedException {
        for (JsonNode n : api.getJson("/api/alarms").path("alarms")) {
            if (n.path("patient").asText().equals(patient) && n.path("rule").asText().equals(rule)) {
                return n;
            }
        }
        return null;
    }

    static List<ConsumerRecord<String, byte[]>> readAll(KafkaTestBroker broker) {
        return readAll(broker.bootstrap());
    }

    /** Every reading in the readings topic (journal READINGS records; command records skipped), as sent values. */
    static Set<Received.Sent> readingsIn(String bootstrap) {
        Set<Received.Sent> out = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : readAll(bootstrap)) {
            if (r.value().length == 0 || r.value()[0] == 'C') {
                continue;
            }
            JournalRecords.Decoded d = JournalRecords.decode(r.value());
            if (d.type() == JournalRecords.READINGS) {
                for (Reading x : d.readings()) {
                    out.add(Received.Sent.of(x.deviceId(), x.value()));
                }
            }
        }
        return out;
    }

    /** Every record of the readings topic, from the start to the end offsets at the time of the call. */
    static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap) {
        Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> all = new ArrayList<>();
            c.partitionsFor("homeward.readings").forEach(info -> all.add(new TopicPartition(info.topic(), info.partition())));
            c.assign(all);
            c.seekToBeginning(all);
            Map<TopicPartition, Long> end = c.endOffsets(all);
            while (all.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Patients {@code p-00..} with one device {@code d-00..} each, registered in {@code a}'s data directory and
     * copied to {@code b}'s, so both nodes start with the same registry.
     */
    static Devices registered(Path a, Path b, int patients) throws IOException {
        Devices devices = new Devices(a);
        for (int i = 0; i < patients; i++) {
            devices.add(String.format("p-%02d", i), String.format("d-%02d", i));
        }
        copyTree(a, b);
        return devices;
    }

    /** Copies a data directory (registry, audit) so another node starts with the same registry. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
