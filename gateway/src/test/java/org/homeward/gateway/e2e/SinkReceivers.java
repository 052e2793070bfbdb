package org.homeward.gateway.e2e;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;

/** Hospital-side receivers for the three sinks; each returns every arrival (duplicates included). */
final class SinkReceivers {
    static final ObjectMapper JSON = new ObjectMapper();
    static final FhirContext FHIR = FhirContext.forR4();

    private SinkReceivers() {
    }

    /** Paho subscriber on {@code <prefix>/#} with a persistent session, reconnecting on its own. */
    static final class Mqtt implements MqttCallbackExtended, AutoCloseable {
        private final List<Received> arrivals = new ArrayList<>();
        private final MqttClient client;

        Mqtt(String uri, String prefix) throws Exception {
            client = new MqttClient(uri, "hospital-" + UUID.randomUUID().toString().substring(0, 8),
                    new MemoryPersistence());
            client.setCallback(this);
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(false);
            o.setAutomaticReconnect(true);
            o.setMaxReconnectDelay(500);
            o.setMaxInflight(1000);
            client.connect(o);
            client.subscribe(prefix + "/#", 1);
        }

        synchronized List<Received> arrivals() {
            return new ArrayList<>(arrivals);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            Received r = Received.fromJson(JSON.readTree(message.getPayload()));
            synchronized (this) {
                arrivals.add(r);
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        @Override
        public void close() throws Exception {
            client.disconnectForcibly(1000);
            client.close(true);
        }
    }

    /** A consumer thread on the vitals and alarms topics, from the earliest offset. */
    static final class Kafka implements AutoCloseable {
        private final List<Received> arrivals = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Kafka(String bootstrap, String... topics) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "hospital-" + UUID.randomUUID());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
            consumer.subscribe(List.of(topics));
            thread = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            add(r);
                        }
                    }
                }
            }, "kafka-receiver");
            thread.setDaemon(true);
            thread.start();
        }

        private void add(ConsumerRecord<String, byte[]> record) {
            try {
                Received r = Received.fromJson(JSON.readTree(record.value()));
                String header = new String(record.headers().lastHeader("idempotency-key").value(),
                        java.nio.charset.StandardCharsets.UTF_8);
                if (!header.equals(r.key()) || !record.key().equals(r.patient())) {
                    throw new IllegalStateException("Kafka key/header do not match the record: " + r);
                }
                synchronized (this) {
                    arrivals.add(r);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        synchronized List<Received> arrivals() {
            return new ArrayList<>(arrivals);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    /** Reads every Observation and Flag over HTTP and parses them with HAPI's JSON parser. */
    static final class Fhir {
        private final String baseUrl;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final IParser parser = FHIR.newJsonParser();

        Fhir(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        List<Observation> observations() throws IOException, InterruptedException {
            List<Observation> out = new ArrayList<>();
            for (Bundle.BundleEntryComponent e : search("Observation").getEntry()) {
                out.add((Observation) e.getResource());
            }
            return out;
        }

        List<Flag> flags() throws IOException, InterruptedException {
            List<Flag> out = new ArrayList<>();
            for (Bundle.BundleEntryComponent e : search("Flag").getEntry()) {
                out.add((Flag) e.getResource());
            }
            return out;
        }

        private Bundle search(String type) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/" + type))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("GET " + type + " -> " + r.statusCode());
            }
            return parser.parseResource(Bundle.class, r.body());
        }

        /** Observations as received records (the BP panel is not part of this workload). */
        List<Received> readings() throws IOException, InterruptedException {
            List<Received> out = new ArrayList<>();
            for (Observation o : observations()) {
                String key = o.getIdentifierFirstRep().getValue();
                String vital = switch (o.getCode().getCodingFirstRep().getCode()) {
                    case "8310-5" -> "temp";
                    case "8867-4" -> "hr";
                    case "2708-6" -> "spo2";
                    default -> "other";
                };
                String device = o.getDevice().getReference().substring("Device/".length());
                String patient = o.getSubject().getReference().substring("Patient/".length());
                out.add(new Received(key, "reading", patient, device, vital,
                        o.getValueQuantity().getValue().doubleValue(), o.getValueQuantity().getCode(),
                        o.getCode().getCodingFirstRep().getCode(), null));
            }
            return out;
        }
    }
}
