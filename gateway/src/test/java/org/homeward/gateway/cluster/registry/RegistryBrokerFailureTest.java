package org.homeward.gateway.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.forward.kafka.KafkaTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry on a real 3-broker KRaft cluster (three child JVMs) with replication 3,
 * min.insync.replicas 2 and acks=all: SIGKILL the broker that leads the registry partition and
 * changes still go through and reach the other node; bring it back and they still do.
 */
@Timeout(600)
class RegistryBrokerFailureTest {
    static final String TOPIC = "homeward.registry";
    @TempDir
    Path dir;

    @Test
    void withOneOfThreeBrokersKilledRegistryChangesStillGoThrough() throws Exception {
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        try (KafkaTestCluster kafka = new KafkaTestCluster(dir.resolve("kafka"));
             RegistryTestNode a = new RegistryTestNode("a", dir.resolve("a"), kafka.bootstrap(), TOPIC, 1 << 20, masterKey, 3, 2);
             RegistryTestNode b = new RegistryTestNode("b", dir.resolve("b"), kafka.bootstrap(), TOPIC, 1 << 20, masterKey, 3, 2);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC)))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
            assertThat(partition(admin).replicas()).hasSize(3);

            a.admin.addPatient("p-before", "2026-11-20", "", "", "admin");
            int leader = partition(admin).leader().id(); // node.id = index + 1
            long killedAt = System.nanoTime();
            kafka.kill(leader - 1);

            a.admin.addPatient("p-during", "2026-11-20", "", "", "admin"); // acks=all: two in-sync replicas remain
            long written = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> has(b, "p-during"));
            System.out.printf("registry with broker %d (the partition leader) SIGKILLed: change written %d ms after the kill,"
                    + " in force on the other node %d ms after that; new leader %d%n", leader,
                    (written - killedAt) / 1_000_000, (System.nanoTime() - written) / 1_000_000, partition(admin).leader().id());
            b.admin.addPatient("p-during-b", "2026-11-20", "", "", "admin");
            await().atMost(Duration.ofSeconds(30)).until(() -> has(a, "p-during-b"));

            kafka.restart(leader - 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> partition(admin).isr().size() == 3);
            a.admin.addPatient("p-after", "2026-11-20", "", "", "admin");
            await().atMost(Duration.ofSeconds(30)).until(() -> has(b, "p-after"));
            assertThat(b.directory.data().patients()).extracting(RegistryData.Patient::patientId)
                    .containsExactly("p-before", "p-during", "p-during-b", "p-after");
            assertThat(a.registry.version()).isEqualTo(b.registry.version()).isEqualTo(4);
        }
    }

    private static TopicPartitionInfo partition(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC).partitions().get(0);
    }

    private static boolean has(RegistryTestNode n, String patient) {
        return n.directory.data().patient(patient) != null;
    }
}
