package org.homeward.gateway.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the cluster's topics when they are missing, with the settings each one needs:
 * <ul>
 *   <li>readings: {@code cluster.partitions} partitions, time retention ({@code cluster.readings-retention});
 *   it is the journal of the patients of each partition, so its partition count must never change
 *   (a changed count would move patients to other partitions): an existing topic with another count
 *   stops the start with a clear error;</li>
 *   <li>patients, alarms, checkpoints: compacted (the latest value per key is what a node needs; checkpoints
 *   have one partition per readings partition); the registry topic
 *   (one partition) is created by {@code cluster.registry.RegistryTopic};</li>
 *   <li>commands: one hour of retention (a command nobody answered in time was answered 503 anyway).</li>
 * </ul>
 * All with {@code min.insync.replicas} and the replication factor. Nodes race to create them at
 * start-up; "already exists" is success. Threading: called once at start-up; blocks up to ~30 s.
 */
public final class ClusterTopics {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTopics.class);
    private static final long HOUR_MS = 3_600_000L;

    private ClusterTopics() {
    }

    /** The topics this node needs, with their configuration. */
    static List<NewTopic> plan(ClusterSettings s) {
        short rf = (short) s.replicationFactor();
        String isr = String.valueOf(s.minInsyncReplicas());
        ClusterSettings.Topics t = s.topics();
        List<NewTopic> out = new ArrayList<>();
        out.add(new NewTopic(t.readings(), s.partitions(), rf).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(s.readingsRetention().toMillis()),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, isr)));
        // the registry topic is not here: it needs ONE partition (one order for every node) and a record
        // size for the whole registry; cluster.registry.RegistryTopic creates it
        for (String compacted : List.of(t.patients(), t.alarms(), s.checkpoints().topic())) {
            out.add(new NewTopic(compacted, s.partitions(), rf).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, isr)));
        }
        out.add(new NewTopic(t.commands(), s.partitions(), rf).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(HOUR_MS),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, isr)));
        return out;
    }

    /**
     * Creates what is missing and checks the readings topic's partition count.
     *
     * @throws IllegalStateException when Kafka cannot be reached or the readings topic has another partition count
     */
    public static void ensure(KafkaClients clients) throws InterruptedException {
        ClusterSettings s = clients.settings();
        try (Admin admin = Admin.create(clients.admin())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = plan(s).stream().filter(n -> !existing.contains(n.name())).toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                    LOG.info("cluster topics created: {}", missing.stream().map(NewTopic::name).toList());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another node created them first: fine; anything else is not
                    }
                }
            }
            TopicDescription readings = admin.describeTopics(List.of(s.topics().readings())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(s.topics().readings());
            if (readings.partitions().size() != s.partitions()) {
                throw new IllegalStateException("cluster.partitions = " + s.partitions() + " but topic "
                        + s.topics().readings() + " has " + readings.partitions().size() + " partitions; the count of an"
                        + " existing readings topic cannot change (patients would move partition): set cluster.partitions = "
                        + readings.partitions().size());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cluster: Kafka at " + s.bootstrapServers() + " cannot be reached to"
                    + " check the topics: " + (e.getCause() == null ? e : e.getCause()), e);
        }
    }
}
