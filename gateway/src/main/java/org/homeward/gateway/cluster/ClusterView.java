package org.homeward.gateway.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientSnapshot;
import org.homeward.gateway.records.JournalRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every node's copy of the cluster-wide view: one consumer (no group, every partition assigned by hand)
 * reads the compacted patients and alarm-state topics from their start and keeps the latest snapshot per
 * patient and value per alarm, and reads this node's partition of the commands topic for answers to the
 * commands it forwarded ({@link CommandRelay}). Values published by other nodes are also passed to the
 * local live view, so {@code /ws} shows them as they change. {@link PartitionProcessing} prefers its own
 * engines' state and uses this for the patients other nodes own.
 *
 * <p>Threading: one daemon thread polls; the maps are concurrent; readers never block.
 */
final class ClusterView implements PartitionProcessing.RemoteView, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);
    private final ConcurrentHashMap<String, PatientSnapshot> patients = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Alarm> alarms = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final ClusterSettings settings;
    private final LiveListener live;
    private final CommandRelay relay;
    private final Thread thread;
    private volatile boolean running = true;

    ClusterView(KafkaClients clients, LiveListener live, CommandRelay relay) {
        this.settings = clients.settings();
        this.live = live;
        this.relay = relay;
        this.consumer = new KafkaConsumer<>(clients.consumer("view", null));
        List<TopicPartition> view = new ArrayList<>();
        for (int p = 0; p < settings.partitions(); p++) {
            view.add(new TopicPartition(settings.topics().patients(), p));
            view.add(new TopicPartition(settings.topics().alarms(), p));
        }
        TopicPartition answers = new TopicPartition(settings.topics().commands(),
                ReadingsTopic.partitionOf(settings.nodeId(), settings.partitions()));
        List<TopicPartition> all = new ArrayList<>(view);
        all.add(answers);
        consumer.assign(all);
        consumer.seekToBeginning(view);
        consumer.seekToEnd(List.of(answers)); // answers to this node's earlier life are of no use
        this.thread = new Thread(this::run, "cluster-view");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    apply(r);
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                LOG.warn("cluster view consumer: {}; retrying", e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    /** Applies one record of the view topics or of this node's answers. On the view thread (tests: any one thread). */
    void apply(ConsumerRecord<String, byte[]> r) {
        String topic = r.topic();
        if (topic.equals(settings.topics().commands())) {
            if (settings.nodeId().equals(r.key()) && r.value() != null) {
                relay.answer(r.value());
            }
            return;
        }
        boolean foreign = !settings.nodeId().equals(nodeOf(r));
        try {
            if (topic.equals(settings.topics().patients())) {
                if (r.value() == null) { // the owner discharged the patient: its row leaves every board
                    if (patients.remove(r.key()) != null && foreign) {
                        live.onPatientRemoved(r.key());
                    }
                    return;
                }
                PatientSnapshot s = ViewCodec.snapshot(r.value());
                patients.put(s.patientId(), s);
                if (foreign) {
                    live.onPatientChanged(s, null);
                }
            } else if (r.value() != null) {
                Alarm a = JournalRecords.decode(r.value()).alarm();
                alarms.merge(a.id(), a, (old, now) -> now.changedAtMillis() >= old.changedAtMillis() ? now : old);
                if (foreign) {
                    live.onAlarm(a);
                }
            }
        } catch (IllegalArgumentException | NullPointerException bad) {
            LOG.error("cluster view: {} offset {} cannot be read and is skipped: {}", topic, r.offset(), bad.getMessage());
        }
    }

    private static String nodeOf(ConsumerRecord<String, byte[]> r) {
        Header h = r.headers().lastHeader(ViewPublisher.NODE);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public List<PatientSnapshot> patients() {
        return List.copyOf(patients.values());
    }

    @Override
    public Optional<PatientSnapshot> patient(String patientId) {
        return Optional.ofNullable(patients.get(patientId));
    }

    @Override
    public List<Alarm> alarms() {
        return List.copyOf(alarms.values());
    }

    @Override
    public void close() {
        running = false;
        PollThreads.stop(thread, consumer, Duration.ofMillis(5_000));
    }
}
