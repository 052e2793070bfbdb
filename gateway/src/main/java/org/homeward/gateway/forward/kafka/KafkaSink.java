package org.homeward.gateway.forward.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.homeward.gateway.forward.DeliveryResult;
import org.homeward.gateway.forward.ForwardRecord;
import org.homeward.gateway.forward.RecordJson;
import org.homeward.gateway.forward.Sink;

/**
 * Kafka sink: an idempotent producer ({@code enable.idempotence=true}, {@code acks=all}); each
 * record is one message keyed by the patient pseudonym (so a patient's records share a
 * partition and keep their order), valued with the {@link RecordJson} document, with headers
 * {@code idempotency-key}, {@code record-type} and {@code schema}. Readings go to
 * {@link KafkaSinkSettings#topic()}, alarm changes to {@link KafkaSinkSettings#alarmsTopic()}.
 * A record is confirmed when its send future completes; retriable errors and time-outs are
 * TRANSIENT, records the cluster can never take (too large, invalid topic) PERMANENT.
 * Single-threaded use (see {@link Sink}).
 */
public final class KafkaSink implements Sink {
    private final KafkaSinkSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private volatile boolean closed;

    public KafkaSink(KafkaSinkSettings settings) {
        this.settings = settings;
        this.producer = new KafkaProducer<>(config(settings), new StringSerializer(), new ByteArraySerializer());
    }

    static Properties config(KafkaSinkSettings s) {
        Properties p = new Properties();
        p.putAll(s.properties());
        long timeoutMs = s.timeout().toMillis();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, s.clientId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1000, timeoutMs / 2 - 10)));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.max(1000, timeoutMs / 2)));
        return p;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public List<DeliveryResult> deliver(List<ForwardRecord> batch) {
        List<Future<RecordMetadata>> futures = new ArrayList<>(batch.size());
        String sendFailure = closed ? "sink closed" : null;
        for (ForwardRecord r : batch) {
            if (sendFailure != null) {
                futures.add(null);
                continue;
            }
            try {
                futures.add(producer.send(message(r)));
            } catch (RuntimeException e) {
                sendFailure = "send: " + e;
                futures.add(null);
            }
        }
        producer.flush();
        return confirm(futures, sendFailure);
    }

    private ProducerRecord<String, byte[]> message(ForwardRecord r) {
        String topic = r.type() == ForwardRecord.Type.ALARM ? settings.alarmsTopic() : settings.topic();
        ProducerRecord<String, byte[]> m = new ProducerRecord<>(topic, r.patientId(), RecordJson.toBytes(r));
        m.headers().add("idempotency-key", r.idempotencyKey().getBytes(StandardCharsets.UTF_8));
        m.headers().add("record-type", r.type().name().toLowerCase(java.util.Locale.ROOT)
                .getBytes(StandardCharsets.UTF_8));
        m.headers().add("schema", RecordJson.SCHEMA.getBytes(StandardCharsets.UTF_8));
        return m;
    }

    private List<DeliveryResult> confirm(List<Future<RecordMetadata>> futures, String sendFailure) {
        List<DeliveryResult> results = new ArrayList<>(futures.size());
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        for (Future<RecordMetadata> f : futures) {
            if (f == null) {
                results.add(DeliveryResult.transientFailure(sendFailure));
                continue;
            }
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                results.add(DeliveryResult.ok());
            } catch (ExecutionException e) {
                results.add(classify(e.getCause()));
            } catch (TimeoutException e) {
                results.add(DeliveryResult.transientFailure("no acknowledgement within " + settings.timeout()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(DeliveryResult.transientFailure("interrupted"));
            }
        }
        return results;
    }

    static DeliveryResult classify(Throwable cause) {
        if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidTopicException || cause instanceof SerializationException) {
            return DeliveryResult.permanentFailure("kafka: " + cause);
        }
        return DeliveryResult.transientFailure("kafka: " + cause);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            producer.close(Duration.ofSeconds(5));
        }
    }
}
