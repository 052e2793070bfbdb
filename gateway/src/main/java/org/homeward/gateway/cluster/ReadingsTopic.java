package org.homeward.gateway.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Utils;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.PackLog;
import org.homeward.gateway.metrics.Meters;

/**
 * The writing side of the readings topic: one idempotent {@code acks=all} producer per node that appends
 * {@code JournalRecords} bytes (the same bytes as the local journal) to the partition of their patient,
 * keyed by the patient pseudonym. Packs go through {@link #append} (the ingest {@link PackLog}: a device
 * is acknowledged only when the in-sync replicas have the pack); the owner's alarm, manual and threshold
 * records through {@link PartitionJournal}, so a partition is the complete journal of its patients.
 *
 * <p>The partition is chosen here ({@link #partitionOf}, Kafka's own murmur2 of the key) rather than by
 * the producer, so every node agrees on it without asking Kafka. Failures map to the ingest refusals:
 * a full buffer or a send that cannot start at once is {@code overloaded}, everything else (no leader,
 * too few in-sync replicas, no answer within {@code cluster.ack-timeout}) {@code storage_failed}, a
 * record larger than the broker takes {@code payload_too_large}; never a completion before the ack.
 *
 * <p>Threading: thread-safe; {@link #append} blocks at most {@value #MAX_BLOCK_MS} ms (metadata or buffer
 * space) because it runs on adapter event loops; completions run on the producer's I/O thread.
 */
public final class ReadingsTopic implements PackLog, AutoCloseable {
    /** How long a send may block an adapter thread when the producer's buffer is full or metadata is missing. */
    static final int MAX_BLOCK_MS = 200;
    /** How long the start waits for the readings topic's metadata (a just-created topic) before it gives up. */
    static final Duration START_METADATA_WAIT = Duration.ofSeconds(30);
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final int partitions;
    private final MeterRegistry meters;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final byte[] node;

    public ReadingsTopic(KafkaClients clients, MeterRegistry meters) {
        Properties p = clients.producer("readings");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(MAX_BLOCK_MS));
        this.producer = new KafkaProducer<>(p);
        this.topic = clients.settings().topics().readings();
        this.partitions = clients.settings().partitions();
        this.meters = meters;
        this.node = clients.settings().nodeId().getBytes(StandardCharsets.UTF_8);
        awaitMetadata(producer, topic);
    }

    /**
     * Metadata now, at start-up, so the first device send does not wait for it. A topic this node has
     * just created can take longer than {@value #MAX_BLOCK_MS} ms to reach the producer's metadata on a
     * loaded machine (seen in scripts/cluster-throughput-bench.sh: the node stopped at start with
     * "not present in metadata after 200 ms"), so the start retries for up to {@link #START_METADATA_WAIT}.
     */
    static void awaitMetadata(KafkaProducer<String, byte[]> producer, String topic) {
        long deadline = System.nanoTime() + START_METADATA_WAIT.toNanos();
        while (true) {
            try {
                producer.partitionsFor(topic); // blocks at most MAX_BLOCK_MS per try
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    /** The partition of a patient: Kafka's default partitioner for a String key (murmur2, positive, modulo). */
    public static int partitionOf(String patientId, int partitions) {
        return Utils.toPositive(Utils.murmur2(patientId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public int partitions() {
        return partitions;
    }

    /** A pack for ingest: completes with offset + 1 when acknowledged by the in-sync replicas, else an {@link IngestException}. */
    @Override
    public CompletableFuture<Long> append(String patientId, byte[] entry) {
        return send("pack", patientId, entry);
    }

    /** Any other record of the patient (alarm, manual entry, thresholds); same completion, failures unmapped. */
    CompletableFuture<Long> record(String patientId, byte[] entry) {
        return send("record", patientId, entry);
    }

    private CompletableFuture<Long> send(String kind, String patientId, byte[] entry) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partitionOf(patientId, partitions), patientId,
                    entry);
            record.headers().add(new RecordHeader(ViewPublisher.NODE, node)); // who wrote it (owner or a forwarder)
            producer.send(record, (md, error) -> {
                if (error == null) {
                    count(kind, "ok");
                    done.complete(md.offset() + 1);
                } else {
                    IngestException mapped = map(error);
                    count(kind, mapped.reason().tag());
                    done.completeExceptionally(mapped);
                }
            });
        } catch (RuntimeException e) { // buffer full / no metadata in MAX_BLOCK_MS / closed
            IngestException mapped = map(e);
            count(kind, mapped.reason().tag());
            done.completeExceptionally(mapped);
        }
        return done;
    }

    static IngestException map(Throwable e) {
        if (e instanceof BufferExhaustedException) {
            return new IngestException(FailureReason.OVERLOADED, "Kafka producer buffer full", e);
        }
        if (e instanceof RecordTooLargeException) {
            return new IngestException(FailureReason.PAYLOAD_TOO_LARGE, "larger than Kafka accepts", e);
        }
        if (e instanceof NotEnoughReplicasException || e instanceof NotEnoughReplicasAfterAppendException) {
            return new IngestException(FailureReason.STORAGE_FAILED, "too few in-sync Kafka replicas", e);
        }
        if (e instanceof TimeoutException) {
            return new IngestException(FailureReason.STORAGE_FAILED, "Kafka did not take the pack in time", e);
        }
        return new IngestException(FailureReason.STORAGE_FAILED, "Kafka write failed: " + e.getClass().getSimpleName(), e);
    }

    private void count(String kind, String outcome) {
        counters.computeIfAbsent(kind + '|' + outcome, k -> Counter.builder(Meters.CLUSTER_APPENDS).tag("kind", kind)
                .tag("outcome", outcome).register(meters)).increment();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
