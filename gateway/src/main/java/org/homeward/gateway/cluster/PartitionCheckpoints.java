package org.homeward.gateway.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.homeward.gateway.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints topic ({@code cluster.topics.checkpoints}, compacted): partition p of the readings topic has
 * its checkpoint on partition p of this topic, key {@code "p"}, so a new owner reads one small compacted
 * partition to its end. Written by the owner every {@code cluster.checkpoint-interval} and on a clean revoke;
 * a write is asynchronous and best effort (a failed one is counted and logged: the next take-over starts from
 * the previous checkpoint, or replays the whole partition). Any checkpoint is safe to use because it is a fold
 * of a prefix of the partition ({@link CheckpointFold}), whoever wrote it.
 *
 * <p>Threading: {@link #load} and {@link #write} are called on the membership consumer's poll thread.
 */
final class PartitionCheckpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionCheckpoints.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaClients clients;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final Counter written;
    private final Counter failed;

    PartitionCheckpoints(KafkaClients clients, MeterRegistry meters) {
        this.clients = clients;
        this.topic = clients.settings().checkpoints().topic();
        Properties p = clients.producer("checkpoints");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(ReadingsTopic.MAX_BLOCK_MS));
        this.producer = new KafkaProducer<>(p);
        written = Counter.builder(Meters.CLUSTER_CHECKPOINTS).tag("outcome", "written").register(meters);
        failed = Counter.builder(Meters.CLUSTER_CHECKPOINTS).tag("outcome", "failed").register(meters);
    }

    /** Writes the checkpoint of its partition; asynchronous, never throws. */
    void write(CheckpointFold.Checkpoint c) {
        try {
            producer.send(new ProducerRecord<>(topic, c.partition(), String.valueOf(c.partition()), c.encode()),
                    (meta, error) -> {
                        if (error == null) {
                            written.increment();
                        } else {
                            failed.increment();
                            LOG.warn("checkpoint of partition {} not written: {}", c.partition(), error.toString());
                        }
                    });
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warn("checkpoint of partition {} not written: {}", c.partition(), e.toString());
        }
    }

    /**
     * The newest readable checkpoint of each partition that has one; a partition whose checkpoint is absent,
     * unreadable or of another format is missing from the map (its take-over replays the whole partition).
     */
    Map<Integer, CheckpointFold.Checkpoint> load(Collection<Integer> partitions) {
        Map<Integer, CheckpointFold.Checkpoint> out = new HashMap<>();
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(clients.consumer("checkpoints", null))) {
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    read(r, out);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("checkpoints of partitions {} cannot be read ({}): those take-overs replay the whole partition",
                    partitions, e.toString());
        }
        return out;
    }

    private static void read(ConsumerRecord<String, byte[]> r, Map<Integer, CheckpointFold.Checkpoint> out) {
        if (r.value() == null) {
            out.remove(r.partition());
            return;
        }
        try {
            CheckpointFold.Checkpoint c = CheckpointFold.Checkpoint.decode(r.value());
            if (c.partition() == r.partition()) {
                out.put(r.partition(), c);
            }
        } catch (IllegalArgumentException bad) {
            out.remove(r.partition());
            LOG.warn("checkpoint of partition {} at offset {} is not usable: {}", r.partition(), r.offset(),
                    bad.getMessage());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
