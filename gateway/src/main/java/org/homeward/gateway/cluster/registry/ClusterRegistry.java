package org.homeward.gateway.cluster.registry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.device.RegistryStorage;
import org.homeward.gateway.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's one registry, kept in a single-partition compacted Kafka topic: every node reads
 * it from the beginning and follows it ({@link RegistryFollower} decides, the same on every node,
 * which record is in force), and any node or admin host changes it by compare-and-set through the
 * log: read to the end, apply the change to the version in force, produce version n+1 (acks=all),
 * read on until its own record, and start again from the newer version if another writer's n+1 came
 * first. The change is in force on this node when {@link #update} returns; other nodes apply it as
 * soon as their consumer fetches it (well under a second on a healthy cluster).
 *
 * <p>Superseded and refused versions are deleted by tombstones (their keys are unique per attempt,
 * so compaction never replaces a version in force by a refused one) and the topic keeps about one
 * document. The master key never travels: records are signed with a key derived from it.
 *
 * <p>Threading: {@link #follow} runs a daemon thread that owns the consumer and calls
 * {@code onApplied} (with the new document, after each poll that changed it) before it tells
 * waiting writers; {@link #update} blocks the calling thread and learns the topic's end from a
 * second consumer of its own (so it never interrupts the follower's poll). {@link #oneShot} has no thread: the
 * calling thread drives the consumer (the command line, one call per process).
 */
public final class ClusterRegistry implements RegistryStorage, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRegistry.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_ATTEMPTS = 20;

    /**
     * @param topic        the registry topic (single partition, compacted)
     * @param writer       who writes (node id, or "cli@host"); in the record and the log, and the key prefix
     * @param maxBytes     largest registry document (JSON, before and after gzip)
     * @param writeTimeout longest a change may take, retries included
     */
    public record Settings(String topic, String writer, int maxBytes, Duration writeTimeout) {
    }

    private final Settings settings;
    private final RegistryRecords records;
    private final RegistryFollower follower;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final TopicPartition partition;
    private final Clock clock;
    private final Consumer<RegistryData> onApplied;
    /** Answers writers' "where is the end?" in follow mode, so they never interrupt the driver's poll; guarded by itself. */
    private KafkaConsumer<String, byte[]> probe;
    private final Object positionLock = new Object();
    private long position; // guarded by positionLock: next offset the follower will read
    private Thread driver;
    private volatile boolean closed;
    /** The document in force on this node: last given to onApplied (written by the driver thread only). */
    private volatile RegistryFollower.InForce told = RegistryFollower.InForce.NONE;
    private final Timer applyDelay;
    /** Set once the topic was read to its end: from then on apply delays are live changes, not history. */
    private volatile boolean live;

    private ClusterRegistry(Settings settings, Properties base, byte[] masterKey, Clock clock, MeterRegistry meters,
                            Consumer<RegistryData> onApplied) {
        this.settings = settings;
        this.records = new RegistryRecords(masterKey, settings.maxBytes());
        this.follower = new RegistryFollower(records, meters);
        this.applyDelay = Timer.builder(Meters.REGISTRY_APPLY_DELAY).register(meters);
        meters.gauge(Meters.REGISTRY_VERSION, this, r -> r.told.version());
        this.clock = clock;
        this.onApplied = onApplied;
        this.partition = new TopicPartition(settings.topic(), 0);
        this.consumer = new KafkaConsumer<>(consumerProperties(base, settings.maxBytes()));
        this.producer = new KafkaProducer<>(producerProperties(base, settings.maxBytes()));
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        try {
            position = consumer.position(partition, settings.writeTimeout());
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cluster registry: topic " + settings.topic() + " cannot be read: " + e, e);
        }
    }

    /**
     * A registry that follows the topic on its own thread and calls {@code onApplied} with each new
     * document in force (the node writes its local cache and reloads). {@code base} holds the
     * connection and security properties every client of the node uses.
     */
    public static ClusterRegistry follow(Settings settings, Properties base, byte[] masterKey, Clock clock,
                                         MeterRegistry meters, Consumer<RegistryData> onApplied) {
        ClusterRegistry r = new ClusterRegistry(settings, base, masterKey, clock, meters, onApplied);
        r.probe = new KafkaConsumer<>(consumerProperties(base, 1024));
        r.driver = new Thread(r::run, "cluster-registry");
        r.driver.setDaemon(true);
        r.driver.start();
        return r;
    }

    /** A registry driven by the calling thread, for one read or one change (the command line); close it after. */
    public static ClusterRegistry oneShot(Settings settings, Properties base, byte[] masterKey, Clock clock,
                                          MeterRegistry meters) {
        return new ClusterRegistry(settings, base, masterKey, clock, meters, null);
    }

    /** The version in force on this node (0 before any): applied, and given to {@code onApplied}. */
    public long version() {
        return told.version();
    }

    /** Waits until this node has applied everything the topic held when called; false on time-out. */
    public boolean awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            boolean caughtUp = awaitPosition(endOffset(deadline), deadline);
            live |= caughtUp;
            return caughtUp;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** The registry in force after reading to the end of the topic. */
    @Override
    public RegistryData read() {
        if (!awaitCaughtUp(settings.writeTimeout())) {
            throw new IllegalStateException("cluster registry: could not read topic " + settings.topic() + " to its end within "
                    + settings.writeTimeout().toSeconds() + " s (is Kafka reachable?)");
        }
        return follower.inForce().data();
    }

    /** Compare-and-set through the log (see the class comment); returns the content now in force. */
    @Override
    public RegistryData update(UnaryOperator<RegistryData> change) {
        long deadline = System.nanoTime() + settings.writeTimeout().toNanos();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            RegistryData base = read();
            RegistryFollower.InForce from = follower.inForce();
            RegistryData changed = change.apply(base);
            RegistryData next = new RegistryData(changed.patients(), changed.devices(), changed.users());
            if (tryPublish(from, next, deadline)) {
                return next;
            }
            LOG.info("registry change based on version {} lost the race (attempt {}); retrying on the newer version",
                    from.version(), attempt);
            sleepQuietly(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        }
        throw new IllegalStateException("cluster registry: the change lost " + MAX_ATTEMPTS
                + " races with other writers in a row; nothing of it is in force, try again");
    }

    /**
     * Publishes {@code next} as the version after {@code from}; true when it is now in force, false when
     * another writer's version came first (nothing of {@code next} is in force then).
     */
    boolean tryPublish(RegistryFollower.InForce from, RegistryData next, long deadline) {
        String key = settings.writer() + "-" + UUID.randomUUID();
        long version = from.version() + 1;
        byte[] value = records.encode(new RegistryRecords.Document(version, from.version(), settings.writer(),
                clock.millis(), next));
        ProducerRecord<String, byte[]> rec = new ProducerRecord<>(settings.topic(), 0, key, value);
        records.sign(key, value, rec.headers());
        long offset;
        try {
            offset = producer.send(rec).get(remainingMillis(deadline), TimeUnit.MILLISECONDS).offset();
            if (!awaitPosition(offset + 1, deadline)) {
                throw new TimeoutException("not read back");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cluster registry: interrupted; the change may or may not be in force", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cluster registry: the change was not confirmed by Kafka within "
                    + settings.writeTimeout().toSeconds() + " s (" + e.getMessage() + "); it may or may not be in force:"
                    + " list the registry before trying again", e);
        }
        boolean won = key.equals(follower.appliedKey(version));
        tombstone(won ? from.key() : key); // the superseded version, or our refused one
        return won;
    }

    private void tombstone(String key) {
        if (key != null) {
            producer.send(new ProducerRecord<>(settings.topic(), 0, key, null), (md, e) -> {
                if (e != null) {
                    LOG.warn("registry tombstone not written ({}); compaction keeps one more version", e.toString());
                }
            });
        }
    }

    /** The driver thread: poll, apply, tell. */
    private void run() {
        while (!closed) {
            try {
                step(POLL);
            } catch (WakeupException e) {
                // close()
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("cluster registry: reading topic {} failed ({}); retrying", settings.topic(), e.toString());
                    sleepQuietly(1000);
                }
            }
        }
    }

    /** One poll: applies what arrived, calls onApplied, then advances the position. */
    private void step(Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            follower.accept(r.key(), r.value(), r.headers(), r.offset(), live);
        }
        long next = consumer.position(partition, settings.writeTimeout());
        RegistryFollower.InForce after = follower.inForce();
        if (after != told) {
            try {
                if (onApplied != null) {
                    onApplied.accept(after.data());
                }
                told = after;
                long delay = clock.millis() - after.writtenAt();
                if (live && delay >= 0) {
                    applyDelay.record(Duration.ofMillis(delay));
                }
            } catch (RuntimeException e) { // tried again after the next poll
                LOG.error("cluster registry: version {} could not be put in force on this node (retrying): {}",
                        after.version(), e.toString());
            }
        }
        synchronized (positionLock) {
            position = next;
            positionLock.notifyAll();
        }
    }

    private long endOffset(long deadline) throws TimeoutException {
        KafkaConsumer<String, byte[]> c = driver == null ? consumer : probe;
        try {
            synchronized (c) {
                return c.endOffsets(List.of(partition), Duration.ofMillis(remainingMillis(deadline))).get(partition);
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new TimeoutException(e.getMessage());
        }
    }

    /** Waits (or, without a driver thread, polls) until the follower has read every offset below {@code target}. */
    private boolean awaitPosition(long target, long deadline) {
        if (driver == null) {
            while (position < target && System.nanoTime() < deadline) {
                step(Duration.ofMillis(Math.min(200, remainingMillis(deadline))));
            }
            return position >= target;
        }
        synchronized (positionLock) {
            while (position < target) {
                long left = remainingMillis(deadline);
                if (left <= 0 || closed) {
                    return false;
                }
                try {
                    positionLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Properties consumerProperties(Properties base, int maxBytes) {
        Properties p = new Properties();
        p.putAll(base);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(maxBytes + 65536));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(Math.max(maxBytes + 65536, 52_428_800)));
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return p;
    }

    static Properties producerProperties(Properties base, int maxBytes) {
        Properties p = new Properties();
        p.putAll(base);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"); // the value is gzip'd already
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(maxBytes + 65536));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(Math.max(33_554_432L, 2L * maxBytes + 65536)));
        return p;
    }

    @Override
    public void close() {
        closed = true;
        if (driver != null) {
            consumer.wakeup();
            try {
                driver.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
        if (probe != null) {
            synchronized (probe) {
                probe.close(Duration.ofSeconds(5));
            }
        }
    }
}
