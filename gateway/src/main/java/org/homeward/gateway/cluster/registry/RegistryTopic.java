package org.homeward.gateway.cluster.registry;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the registry topic when it does not exist yet: ONE partition (one order for every node),
 * compacted (superseded versions are removed by their tombstones), {@code min.insync.replicas} as
 * configured, and a record size limit that fits the largest registry document. An existing topic
 * with more than one partition is refused: two partitions would have no order between them.
 * Blocking (admin requests); called at start-up and by the command line.
 */
public final class RegistryTopic {
    private RegistryTopic() {
    }

    /** Ensures {@code topic} exists as described; fails with a message naming the topic otherwise. */
    public static void ensure(Properties admin, String topic, int replicationFactor, int minInsyncReplicas, int maxBytes) {
        try (Admin client = Admin.create(admin)) {
            TopicDescription existing = describe(client, topic);
            if (existing == null) {
                NewTopic t = new NewTopic(topic, 1, (short) replicationFactor).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(Math.min(minInsyncReplicas, replicationFactor)),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxBytes + 65536),
                        TopicConfig.SEGMENT_MS_CONFIG, "3600000", // compaction works on closed segments: close one an hour
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1"));
                try {
                    client.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another node created it meanwhile
                        throw e;
                    }
                }
                for (int i = 0; i < 50 && existing == null; i++) { // a new topic reaches every broker's metadata in a moment
                    Thread.sleep(200);
                    existing = describe(client, topic);
                }
            }
            if (existing == null || existing.partitions().size() != 1) {
                throw new IllegalStateException("cluster registry topic " + topic + " must have exactly one partition (it has "
                        + (existing == null ? "none" : existing.partitions().size()) + "): delete it or choose cluster.topics.registry");
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cluster registry topic " + topic + " could not be created or described: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the cluster registry topic " + topic, e);
        }
    }

    private static TopicDescription describe(Admin client, String topic) throws InterruptedException, ExecutionException,
            TimeoutException {
        try {
            return client.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }
}
