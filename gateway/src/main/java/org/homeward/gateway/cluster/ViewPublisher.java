package org.homeward.gateway.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientSnapshot;
import org.homeward.gateway.records.JournalRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of the cluster-wide view: every snapshot and alarm value the node's engines publish
 * is also produced to the compacted patients topic (key = patient pseudonym) and alarm-state topic
 * (key = alarm id), with a {@value #NODE} header naming this node, so every other node's board, API and
 * live view show them; answers to forwarded nurse commands go to the commands topic keyed by the asking
 * node. The view is best effort (the durable record of an alarm is on the readings partition): a failed
 * send is logged and the next value replaces it.
 *
 * <p>Threading: called on shard threads and the membership thread; {@code send} never blocks longer than
 * {@value ReadingsTopic#MAX_BLOCK_MS} ms.
 */
final class ViewPublisher implements LiveListener, AutoCloseable {
    static final String NODE = "node";
    private static final Logger LOG = LoggerFactory.getLogger(ViewPublisher.class);
    private final KafkaProducer<String, byte[]> producer;
    private final ClusterSettings settings;
    private final byte[] node;
    private volatile long lastFailureLog;

    ViewPublisher(KafkaClients clients) {
        Properties p = clients.producer("view");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(ReadingsTopic.MAX_BLOCK_MS));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p);
        this.settings = clients.settings();
        this.node = settings.nodeId().getBytes(StandardCharsets.UTF_8);
        // the view topics may have just been created by this node: wait for their metadata at start, as the
        // readings producer does, or the first values (a just-raised alarm) fail after 200 ms and are lost
        // to the view (seen in scripts/cluster-throughput-bench.sh on a loaded machine)
        for (String topic : new String[] {settings.topics().patients(), settings.topics().alarms(), settings.topics().commands()}) {
            ReadingsTopic.awaitMetadata(producer, topic);
        }
    }

    @Override
    public void onPatientChanged(PatientSnapshot snapshot, Reading reading) {
        send(settings.topics().patients(), snapshot.patientId(), ViewCodec.snapshot(snapshot));
    }

    @Override
    public void onAlarm(Alarm alarm) {
        send(settings.topics().alarms(), alarm.id(), JournalRecords.alarm(alarm));
    }

    /** A tombstone: the compacted patients topic forgets the discharged patient, other nodes drop its row. */
    @Override
    public void onPatientRemoved(String patientId) {
        send(settings.topics().patients(), patientId, null);
    }

    /** The answer to a command forwarded by {@code toNode}. */
    void reply(String toNode, byte[] answer) {
        send(settings.topics().commands(), toNode, answer);
    }

    private void send(String topic, String key, byte[] value) {
        try {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, ReadingsTopic.partitionOf(key,
                    settings.partitions()), key, value);
            r.headers().add(new RecordHeader(NODE, node));
            producer.send(r, (md, error) -> {
                if (error != null) {
                    failed(topic, error);
                }
            });
        } catch (RuntimeException e) {
            failed(topic, e);
        }
    }

    private void failed(String topic, Throwable e) {
        long now = System.currentTimeMillis();
        if (now - lastFailureLog > 10_000) { // one line per 10 s, not one per snapshot
            lastFailureLog = now;
            LOG.warn("cluster view: could not publish to {}: {}", topic, e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
