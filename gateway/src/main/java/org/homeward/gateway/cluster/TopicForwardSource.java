package org.homeward.gateway.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.homeward.gateway.forward.ForwardSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode's {@link ForwardSource}: the readings topic read by one Kafka consumer group per sink
 * ({@code homeward-forward-<sink>}), so each record is forwarded by exactly one node of the cluster, and
 * the partitions of a node that dies or stops move to the others (cooperative-sticky assignor).
 *
 * <p>Positions are node-local numbers given to records in the order they are polled; each remembers its
 * partition and offset. {@link #finished} commits, synchronously, for each partition the offset after
 * the last finished record, so the group's offsets only pass records the sink confirmed or that were
 * dead-lettered. Delivery is at least once: a record delivered but not yet committed when its node dies,
 * or when the group rebalances while the sink is slower than {@code max.poll.interval.ms}, is delivered
 * again by the next owner with the same idempotency key {@code <topic>.<partition>-<offset>-<index>},
 * which every sink already passes on for de-duplication. Unfinished records are never
 * skipped: {@link #next} rewinds to the first unfinished record of each partition it still owns.
 *
 * <p>Threading: the consumer is used on the forwarder thread only ({@link #next}, {@link #finished},
 * {@link #close}); {@link #position}, {@link #backlog} and {@link #ownedPartitions} read atomics.
 */
public final class TopicForwardSource implements ForwardSource {
    private static final Logger LOG = LoggerFactory.getLogger(TopicForwardSource.class);
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final String sinkName;
    private final Duration pollTimeout;
    /** Handed out, not yet finished: position to (partition, offset), in position order. */
    private final TreeMap<Long, Map.Entry<TopicPartition, Long>> unfinished = new TreeMap<>();
    private final AtomicLong finishedPosition = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger owned = new AtomicInteger();
    private long nextPosition = 1;

    /**
     * @param clients     the node's Kafka clients (connection, security)
     * @param sinkName    the sink's name; the group is {@code homeward-forward-<sinkName>}
     * @param maxRecords  at most this many records per poll (the forwarder's window)
     * @param pollTimeout how long one poll waits for records
     */
    public TopicForwardSource(KafkaClients clients, String sinkName, int maxRecords, Duration pollTimeout) {
        this.topic = clients.settings().topics().readings();
        this.sinkName = sinkName;
        this.pollTimeout = pollTimeout;
        Properties p = clients.consumer("forward-" + sinkName, groupOf(sinkName));
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxRecords));
        this.consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topic), new Listener());
    }

    /** The consumer group of a sink's forwarders: one per sink, shared by every node. */
    public static String groupOf(String sinkName) {
        return "homeward-forward-" + sinkName;
    }

    @Override
    public List<Entry> next(int max) {
        rewindUnfinished();
        List<Entry> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(pollTimeout)) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            long position = nextPosition++;
            unfinished.put(position, Map.entry(tp, r.offset()));
            out.add(new Entry(position, r.topic() + "." + r.partition() + "-" + r.offset(), r.value()));
        }
        pending.set(unfinished.size());
        updateLag();
        return out;
    }

    @Override
    public void finished(long position) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        Iterator<Map.Entry<Long, Map.Entry<TopicPartition, Long>>> it = unfinished.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Map.Entry<TopicPartition, Long>> e = it.next();
            if (e.getKey() > position) {
                break;
            }
            commit.put(e.getValue().getKey(), new OffsetAndMetadata(e.getValue().getValue() + 1));
            it.remove();
        }
        commit.keySet().retainAll(consumer.assignment()); // a lost partition's next owner re-delivers from its commit
        try {
            if (!commit.isEmpty()) {
                consumer.commitSync(commit);
            }
        } catch (KafkaException e) {
            // Not committed: the partition's next owner delivers these records again (same idempotency keys).
            LOG.warn("forwarder {}: offsets not committed ({}); the records may be delivered again", sinkName, e.toString());
        }
        finishedPosition.set(position);
        pending.set(unfinished.size());
    }

    /** Records handed out earlier but not finished (a window that failed) are read again, never skipped. */
    private void rewindUnfinished() {
        if (unfinished.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> first = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : unfinished.values()) {
            first.merge(e.getKey(), e.getValue(), Math::min);
        }
        first.forEach((tp, offset) -> {
            if (consumer.assignment().contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
        unfinished.clear(); // they come again with new positions; position() still says what was finished
    }

    private void updateLag() {
        long sum = 0;
        for (TopicPartition tp : consumer.assignment()) {
            sum += consumer.currentLag(tp).orElse(0);
        }
        lag.set(sum);
    }

    @Override
    public long position() {
        return finishedPosition.get();
    }

    @Override
    public long backlog() {
        return lag.get() + pending.get();
    }

    @Override
    public boolean holdsJournal() {
        return false;
    }

    /** Readings-topic partitions this node forwards for this sink now. */
    @Override
    public java.util.OptionalInt ownedPartitions() {
        return java.util.OptionalInt.of(owned.get());
    }

    @Override
    public void close() {
        try {
            consumer.close(Duration.ofSeconds(5)); // leaves the group: the others take the partitions at once
        } catch (KafkaException e) {
            LOG.warn("forwarder {}: closing its consumer: {}", sinkName, e.toString());
        }
    }

    /** Keeps the count of owned partitions; nothing to commit on revocation (each window commits before the next poll). */
    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            owned.set(consumer.assignment().size() - partitions.size());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            owned.set(consumer.assignment().size());
            LOG.info("forwarder {}: forwarding {} partitions of {}", sinkName, consumer.assignment().size(), topic);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            owned.set(0);
        }
    }
}
