package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.homeward.gateway.cluster.ReadingsTopic;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.forward.kafka.KafkaTestCluster;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's "one of three brokers killed, ingest continues", with real processes only: a 3-node KRaft cluster
 * (three child JVMs, replication 3, min.insync.replicas 2) and two gateway JVMs started through the real command
 * line in cluster mode. Paho devices publish at about one pack per second each, half to node A and half to node B;
 * the broker that leads the most readings partitions is SIGKILLed while they publish. Then: packs are still
 * PUBACKed, including for patients on the partitions the killed broker led; every PUBACKed reading is in the
 * readings topic, read from the two remaining brokers; a fever sent after the kill shows on both nodes' alarms.
 * Packs refused while a partition elects its new leader are counted (the device resends; refused is not lost).
 */
@Timeout(420)
class ClusterBrokerFailoverTest {
    static final int PARTITIONS = 4;
    static final int PATIENTS = 12;
    static final String TOPIC = "homeward.readings";
    @TempDir
    Path tmp;

    @Test
    void withOneOfThreeBrokersKilledIngestContinuesAndNothingAcknowledgedIsLost() throws Exception {
        long t0 = System.nanoTime();
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Devices devices = ClusterFailoverTest.registered(a, b, PATIENTS);
        try (KafkaTestCluster kafka = new KafkaTestCluster(Files.createDirectories(tmp.resolve("kafka")));
             ChildGateway nodeA = new ChildGateway(a).start(cluster(kafka, "node-a"));
             ChildGateway nodeB = new ChildGateway(b).start(cluster(kafka, "node-b"));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            GatewayFixture apiA = GatewayFixture.forRunning(nodeA.port("http"));
            GatewayFixture apiB = GatewayFixture.forRunning(nodeB.port("http"));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                    ClusterFailoverTest.owned(apiA).size() + ClusterFailoverTest.owned(apiB).size() == PARTITIONS);
            List<TopicPartitionInfo> before = partitions(admin);
            assertThat(before).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));

            devices.connect(nodeA.port("mqtt"), nodeB.port("mqtt"));
            Thread load = new Thread(() -> {
                try {
                    devices.send(100_000, PATIENTS); // ~1 pack/s per device until stopped
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            load.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> devices.acked.size() > PATIENTS * 3);

            int victim = mostLeaderships(before); // node.id = index + 1
            Set<Integer> ledByVictim = new TreeSet<>();
            before.stream().filter(p -> p.leader().id() == victim).forEach(p -> ledByVictim.add(p.partition()));
            assertThat(ledByVictim).as("every partition has patients (else nothing could prove it)").allSatisfy(p ->
                    assertThat(devices.patientOf.values()).anyMatch(x -> ReadingsTopic.partitionOf(x, PARTITIONS) == p));
            Set<Received.Sent> ackedBeforeKill = new HashSet<>(devices.acked);
            long killedAt = System.nanoTime();
            kafka.kill(victim - 1);

            // packs keep being acknowledged, also for patients whose partition the dead broker led
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                for (int partition : ledByVictim) {
                    if (ackedSince(devices, ackedBeforeKill, partition) < 3) {
                        return false;
                    }
                }
                return true;
            });
            long resumed = System.nanoTime();
            List<TopicPartitionInfo> after = partitions(admin);
            assertThat(after).as("no partition led by the killed broker").allSatisfy(p ->
                    assertThat(p.leader() == null ? -1 : p.leader().id()).isNotEqualTo(victim));

            // an alarm raised after the kill reaches both nodes' cluster-wide view
            String feverDevice = "d-00";
            devices.sendFever(feverDevice);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                    ClusterFailoverTest.feverAlarm(apiA, "p-00") != null && ClusterFailoverTest.feverAlarm(apiB, "p-00") != null);
            long feverShown = System.nanoTime();
            devices.stop();
            load.join(60_000);
            assertThat(devices.drain()).isTrue();
            assertThat(devices.acked).as("the fever pack was acknowledged").contains(Received.Sent.of(feverDevice, 38.5));

            Set<Received.Sent> inTopic = ClusterFailoverTest.readingsIn(bootstrapWithout(kafka, victim - 1));
            Set<Received.Sent> lost = new HashSet<>(devices.acked);
            lost.removeAll(inTopic);
            int afterKill = devices.acked.size() - ackedBeforeKill.size();
            System.out.printf("cluster broker failover: broker %d (leader of partitions %s) SIGKILLed; first PUBACKs on"
                            + " those partitions 3 each %d ms after the kill; fever on both nodes %d ms after it was sent;"
                            + " packs PUBACKed %d (%d after the kill), refused %s, lost %d; new leaders %s; test %d s%n",
                    victim, ledByVictim, (resumed - killedAt) / 1_000_000, (feverShown - resumed) / 1_000_000,
                    devices.acked.size(), afterKill, devices.refusedByCode, lost.size(),
                    after.stream().map(p -> p.partition() + "->" + (p.leader() == null ? "none" : p.leader().id())).toList(),
                    (System.nanoTime() - t0) / 1_000_000_000);
            assertThat(lost).as("every PUBACKed reading is in the readings topic").isEmpty();
        } finally {
            devices.close();
        }
    }

    private static Map<String, String> cluster(KafkaTestCluster kafka, String node) {
        return ClusterFailoverTest.cluster(kafka.bootstrap(), node, PARTITIONS, 3, 2);
    }

    private static List<TopicPartitionInfo> partitions(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC).partitions();
    }

    /** The broker id leading the most readings partitions (the lowest id on a tie). */
    private static int mostLeaderships(List<TopicPartitionInfo> partitions) {
        int[] count = new int[KafkaTestCluster.SIZE + 1];
        partitions.forEach(p -> count[p.leader().id()]++);
        int best = 1;
        for (int id = 2; id <= KafkaTestCluster.SIZE; id++) {
            best = count[id] > count[best] ? id : best;
        }
        return best;
    }

    /** Packs PUBACKed since the kill for patients on {@code partition}. */
    private static long ackedSince(Devices devices, Set<Received.Sent> before, int partition) {
        return devices.acked.stream().filter(s -> !before.contains(s))
                .filter(s -> ReadingsTopic.partitionOf(devices.patientOf.get(s.device()), PARTITIONS) == partition).count();
    }

    /** The bootstrap list without the killed node, so the read below proves the survivors hold the data. */
    private static String bootstrapWithout(KafkaTestCluster kafka, int index) {
        String[] all = kafka.bootstrap().split(",");
        StringJoiner j = new StringJoiner(",");
        for (int i = 0; i < all.length; i++) {
            if (i != index) {
                j.add(all[i]);
            }
        }
        return j.toString();
    }
}
