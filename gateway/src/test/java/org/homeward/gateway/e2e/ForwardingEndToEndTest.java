package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.homeward.gateway.forward.fhir.FhirTestServer;
import org.homeward.gateway.forward.kafka.KafkaTestBroker;
import org.homeward.gateway.forward.mqtt.MosquittoBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real gateway (a child JVM, started through its command line) forwarding to a real HAPI FHIR
 * server in Jetty, a real mosquitto and a real KRaft Kafka broker, fed by Paho MQTT 5 devices at
 * QoS 1. One Kafka broker for the class; each test has its own data directory, FHIR server,
 * mosquitto, Kafka topics and MQTT topic prefix.
 */
@Timeout(600)
class ForwardingEndToEndTest {
    static final Duration CATCH_UP = Duration.ofSeconds(180);
    static final String DISK_RULE = "GATEWAY-DISK-NEAR-FULL";
    static KafkaTestBroker kafka;

    @TempDir
    static Path kafkaDir;
    @TempDir
    Path tmp;

    @BeforeAll
    static void startKafka() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(MosquittoBroker.BINARY), "mosquitto not installed: "
                + MosquittoBroker.BINARY);
        kafka = new KafkaTestBroker(kafkaDir);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The hospital side of one test: FHIR server, mosquitto, Kafka topics and the three receivers. */
    final class Hospital implements AutoCloseable {
        final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        final FhirTestServer fhir = new FhirTestServer(SinkReceivers.FHIR);
        final MosquittoBroker mosquitto = new MosquittoBroker(Files.createDirectories(tmp.resolve("mosquitto")));
        final SinkReceivers.Fhir fhirReader = new SinkReceivers.Fhir(fhir.baseUrl());
        final SinkReceivers.Mqtt mqtt;
        final SinkReceivers.Kafka kafkaReader;

        Hospital() throws Exception {
            kafka.createTopics(prefix + ".vitals", prefix + ".alarms");
            mqtt = new SinkReceivers.Mqtt(mosquitto.uri(), prefix);
            kafkaReader = new SinkReceivers.Kafka(kafka.bootstrap(), prefix + ".vitals", prefix + ".alarms");
        }

        Map<String, String> settings(boolean fhirOn, boolean mqttOn, boolean kafkaOn) {
            Map<String, String> s = new LinkedHashMap<>();
            s.put("gateway.id", "gw-e2e");
            s.put("registry.poll-interval", "200ms");
            s.put("forward.backoff.initial", "100ms");
            s.put("forward.backoff.max", "1s");
            s.put("forward.fhir.enabled", String.valueOf(fhirOn));
            s.put("forward.fhir.base-url", fhir.baseUrl());
            s.put("forward.mqtt.enabled", String.valueOf(mqttOn));
            s.put("forward.mqtt.uri", mosquitto.uri());
            s.put("forward.mqtt.topic", prefix + "/vitals/{patient}/{vital}");
            s.put("forward.mqtt.alarm-topic", prefix + "/alarms/{patient}");
            s.put("forward.kafka.enabled", String.valueOf(kafkaOn));
            s.put("forward.kafka.bootstrap-servers", kafka.bootstrap());
            s.put("forward.kafka.topic", prefix + ".vitals");
            s.put("forward.kafka.alarms-topic", prefix + ".alarms");
            return s;
        }

        List<Received> fhirArrivals() throws Exception {
            return fhirReader.readings();
        }

        @Override
        public void close() throws Exception {
            mqtt.close();
            kafkaReader.close();
            mosquitto.close();
            fhir.close();
        }
    }

    @Test
    void readingsAndAnAlarmArriveCompleteOnceInPatientOrderAtEverySink() throws Exception {
        Path data = tmp.resolve("data");
        try (Hospital h = new Hospital(); Devices devices = new Devices(data)
                .add("p-a", "d-a1", "d-a2").add("p-b", "d-b1").add("p-c", "d-c1");
             ChildGateway gw = new ChildGateway(data).start(h.settings(true, true, true))) {
            devices.connect(gw.port("mqtt"));
            long t0 = System.nanoTime();
            devices.sendFever("d-c1"); // first: its measurement times (now - 5 min, now - 1 min) precede the rest
            devices.send(150, 0);
            assertThat(devices.drain()).isTrue();
            double ingestS = (System.nanoTime() - t0) / 1e9;
            Set<Received.Sent> acked = Set.copyOf(devices.acked);
            assertThat(acked).as("every publish acknowledged").hasSize(4 * 150 + 2);

            Map<String, Double> doneAt = new LinkedHashMap<>();
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(500)).until(() -> {
                done(doneAt, "FHIR", t0, acked, h.fhirArrivals());
                done(doneAt, "MQTT", t0, acked, h.mqtt.arrivals());
                done(doneAt, "Kafka", t0, acked, h.kafkaReader.arrivals());
                return doneAt.size() == 3 && fever(h.mqtt.arrivals()) && fever(h.kafkaReader.arrivals())
                        && h.fhirReader.flags().size() > 0;
            });
            assertThat(Received.temps(Received.dedupe(h.fhirArrivals()))).as("FHIR").isEqualTo(acked);
            assertThat(Received.temps(Received.dedupe(h.mqtt.arrivals()))).as("MQTT").isEqualTo(acked);
            assertThat(Received.temps(Received.dedupe(h.kafkaReader.arrivals()))).as("Kafka").isEqualTo(acked);
            int records = 4 * 150 * 3 + 2;
            System.out.printf("E2E first pass: %d publishes (%d readings) ingested in %.1f s; all delivered after "
                    + "%s s (since first publish)%n", acked.size() - 1, records, ingestS, doneAt);

            for (String sink : List.of("FHIR", "MQTT", "Kafka")) {
                List<Received> all = switch (sink) {
                    case "FHIR" -> h.fhirArrivals();
                    case "MQTT" -> h.mqtt.arrivals();
                    default -> h.kafkaReader.arrivals();
                };
                List<Received> deduped = Received.dedupe(all);
                Received.assertPatientOrder(sink, deduped);
                Received.assertCodesAndUnits(sink, deduped);
                for (String vital : List.of("hr", "spo2")) {
                    assertThat(deduped.stream().filter(r -> vital.equals(r.vital())).count())
                            .as(sink + " " + vital + " readings").isEqualTo(4 * 150);
                }
                if (!sink.equals("FHIR")) {
                    assertThat(deduped).as(sink + " CRS-FEVER on the alarm lane").anySatisfy(r -> {
                        assertThat(r.type()).isEqualTo("alarm");
                        assertThat(r.rule()).isEqualTo("CRS-FEVER");
                        assertThat(r.patient()).isEqualTo("p-c");
                    });
                }
                System.out.printf("E2E %s: %d arrivals, %d distinct keys%n", sink, all.size(), deduped.size());
            }
            assertThat(h.fhirReader.observations()).as("no Observation stored twice")
                    .extracting(o -> o.getIdentifierFirstRep().getValue()).doesNotHaveDuplicates();
            assertThat(h.fhirReader.observations()).filteredOn(o -> "8310-5".equals(o.getCode().getCodingFirstRep()
                    .getCode())).allSatisfy(o -> {
                        assertThat(o.getMeta().getProfile()).extracting(p -> p.getValue())
                                .contains("http://hl7.org/fhir/StructureDefinition/bodytemp");
                        assertThat(o.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
                        assertThat(o.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
                    });
            List<Flag> flags = h.fhirReader.flags();
            assertThat(flags).as("CRS-FEVER as a FHIR Flag").anySatisfy(f -> {
                assertThat(f.getCode().getCodingFirstRep().getCode()).isEqualTo("CRS-FEVER");
                assertThat(f.getSubject().getReference()).isEqualTo("Patient/p-c");
                assertThat(f.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
            });
        }
    }

    private static boolean fever(List<Received> arrivals) {
        return arrivals.stream().anyMatch(r -> "alarm".equals(r.type()) && "CRS-FEVER".equals(r.rule()));
    }

    /** Notes when a sink's deduplicated temperature readings first equal the acknowledged set. */
    private static void done(Map<String, Double> doneAt, String sink, long t0, Set<Received.Sent> acked,
                             List<Received> arrivals) {
        if (!doneAt.containsKey(sink) && Received.temps(Received.dedupe(arrivals)).equals(acked)) {
            doneAt.put(sink, Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        }
    }

    @Test
    void everyAcknowledgedReadingReachesEverySinkAfterThreeSigkills() throws Exception {
        Path data = tmp.resolve("data");
        try (Hospital h = new Hospital(); Devices devices = new Devices(data)
                .add("p-x", "d-x1", "d-x2").add("p-y", "d-y1")) {
            Map<String, String> settings = h.settings(true, true, true);
            for (int kill = 1; kill <= 3; kill++) {
                try (ChildGateway gw = new ChildGateway(data).start(settings)) {
                    devices.connect(gw.port("mqtt"));
                    int before = devices.acked.size();
                    CompletableFuture<Integer> load = CompletableFuture.supplyAsync(() -> {
                        try {
                            return devices.send(100_000, 0);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    await().atMost(Duration.ofSeconds(120)).until(() -> devices.acked.size() >= before + 300);
                    gw.kill();
                    devices.stop();
                    load.get(120, TimeUnit.SECONDS);
                    System.out.printf("E2E crash %d: killed with %d acknowledged so far%n", kill, devices.acked.size());
                }
            }
            try (ChildGateway gw = new ChildGateway(data).start(settings)) {
                devices.connect(gw.port("mqtt"));
                devices.send(20, 0);
                assertThat(devices.drain()).isTrue();
                Set<Received.Sent> acked = Set.copyOf(devices.acked);
                Set<Received.Sent> sent = Set.copyOf(devices.sent);
                await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(Received.temps(Received.dedupe(h.fhirArrivals()))).as("FHIR").containsAll(acked);
                    assertThat(Received.temps(Received.dedupe(h.mqtt.arrivals()))).as("MQTT").containsAll(acked);
                    assertThat(Received.temps(Received.dedupe(h.kafkaReader.arrivals()))).as("Kafka")
                            .containsAll(acked);
                });
                for (Map.Entry<String, List<Received>> e : Map.of("FHIR", h.fhirArrivals(), "MQTT",
                        h.mqtt.arrivals(), "Kafka", h.kafkaReader.arrivals()).entrySet()) {
                    List<Received> deduped = Received.dedupe(e.getValue());
                    Received.assertPatientOrder(e.getKey(), deduped);
                    assertThat(sent).as(e.getKey() + ": nothing a device did not send").containsAll(
                            Received.temps(deduped));
                    System.out.printf("E2E crash %s: %d acknowledged, %d distinct temps delivered, %d arrivals, "
                            + "%d distinct keys%n", e.getKey(), acked.size(), Received.temps(deduped).size(),
                            e.getValue().size(), deduped.size());
                }
            }
        }
    }

    @Test
    void sinksDownWhileDevicesKeepSendingThenBackEverythingArrivesAndIngestNeverStalls() throws Exception {
        Path data = tmp.resolve("data");
        try (Hospital h = new Hospital(); Devices devices = new Devices(data)
                .add("p-o1", "d-o1").add("p-o2", "d-o2").add("p-o3", "d-o3");
             ChildGateway gw = new ChildGateway(data).start(h.settings(true, true, true))) {
            devices.connect(gw.port("mqtt"));
            devices.send(30, 0); // warm-up, not measured
            assertThat(devices.drain()).isTrue();
            await().atMost(CATCH_UP).until(() -> Received.temps(Received.dedupe(h.fhirArrivals())).size() == 90);
            devices.takeLatencies();
            devices.send(200, 100);
            assertThat(devices.drain()).isTrue();
            List<Long> before = devices.takeLatencies();

            h.fhir.stop();
            h.mosquitto.stop();
            int outageRounds = 400;
            long outageStart = System.nanoTime();
            devices.send(outageRounds, 100);
            assertThat(devices.drain()).isTrue();
            double outageS = (System.nanoTime() - outageStart) / 1e9;
            List<Long> during = devices.takeLatencies();
            Set<Received.Sent> acked = Set.copyOf(devices.acked);
            assertThat(acked).as("every publish acknowledged during the outage").hasSize(3 * (30 + 200 + outageRounds));

            h.mosquitto.start();
            h.fhir.restart();
            long t0 = System.nanoTime();
            Map<String, Double> doneAt = new LinkedHashMap<>();
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(250)).until(() -> {
                done(doneAt, "FHIR", t0, acked, h.fhirArrivals());
                done(doneAt, "MQTT", t0, acked, h.mqtt.arrivals());
                done(doneAt, "Kafka", t0, acked, h.kafkaReader.arrivals());
                return doneAt.size() == 3;
            });
            int backlog = 3 * outageRounds * 3;
            System.out.printf("E2E outage: PUBACK latency before (100/s, sinks up): %s%n", Devices.summary(before));
            System.out.printf("E2E outage: PUBACK latency during (100/s, FHIR + mosquitto down, %.1f s): %s%n",
                    outageS, Devices.summary(during));
            for (String sink : List.of("FHIR", "MQTT")) {
                System.out.printf("E2E catch-up %s: %d readings backlog delivered %.1f s after the sink returned "
                        + "= %.0f readings/s%n", sink, backlog, doneAt.get(sink), backlog / doneAt.get(sink));
            }
            for (Map.Entry<String, List<Received>> e : Map.of("FHIR", h.fhirArrivals(), "MQTT", h.mqtt.arrivals(),
                    "Kafka", h.kafkaReader.arrivals()).entrySet()) {
                List<Received> deduped = Received.dedupe(e.getValue());
                assertThat(Received.temps(deduped)).as(e.getKey()).isEqualTo(acked);
                Received.assertPatientOrder(e.getKey(), deduped);
                System.out.printf("E2E outage %s: %d arrivals, %d distinct keys (%d re-sent duplicates, detected by "
                        + "key)%n", e.getKey(), e.getValue().size(), deduped.size(),
                        e.getValue().size() - deduped.size());
            }
            assertThat(h.fhirReader.observations()).as("FHIR stores nothing twice")
                    .extracting(o -> o.getIdentifierFirstRep().getValue()).doesNotHaveDuplicates();
            assertThat(during).as("ingest kept acknowledging during the outage").hasSize(3 * outageRounds);
        }
    }

    @Test
    void atTheDiskLimitNewDataIsRefusedWithQuotaExceededAfterATechnicalAlarmAndAcceptedAgainAfterRetention()
            throws Exception {
        Path data = tmp.resolve("data");
        try (Hospital h = new Hospital(); Devices devices = new Devices(data).add("p-d1", "d-d1").add("p-d2", "d-d2")) {
            h.fhir.stop(); // retention cannot pass what the FHIR forwarder has not delivered
            Map<String, String> settings = h.settings(true, false, false);
            settings.put("journal.segment-bytes", "64KiB");
            settings.put("journal.max-bytes", "320KiB");
            settings.put("journal.retention", "1s");
            settings.put("journal.retention-check", "200ms");
            // the per-device rate limit also answers 0x97: off, so the refusal this test waits for is the
            // disk's (with the compact readings record it takes ~1.8x the packs to fill the journal, and the
            // devices' burst allowance ran out first)
            settings.put("ingest.device-rate", "0");
            try (ChildGateway gw = new ChildGateway(data).start(settings)) {
                GatewayFixture api = GatewayFixture.forRunning(gw.port("http"));
                devices.connect(gw.port("mqtt"));
                int batch = 0;
                int alarmAt = -1;
                int refusedAt = -1;
                while (refusedAt < 0 && batch < 500) {
                    batch++;
                    devices.send(10, 0);
                    assertThat(devices.drain()).isTrue();
                    if (alarmAt < 0 && api.get("/health", false).body().contains(DISK_RULE)) {
                        alarmAt = batch;
                    }
                    if (!devices.refusedByCode.isEmpty()) {
                        refusedAt = batch;
                    }
                }
                assertThat(refusedAt).as("the disk limit was reached").isPositive();
                assertThat(alarmAt).as("technical alarm raised before the limit").isPositive().isLessThan(refusedAt);
                assertThat(devices.refusedByCode.keySet()).as("MQTT 5 reason: 0x97 quota exceeded")
                        .containsExactly(0x97);
                var health = api.get("/health", false);
                assertThat(health.statusCode()).isEqualTo(503);
                var details = GatewayFixture.JSON.readTree(health.body()).path("details");
                assertThat(details.path("journal").path("nearFull").asBoolean()).isTrue();
                assertThat(details.path("journal").path("full").asBoolean()).isTrue();
                assertThat(details.path("technicalAlarms").path(0).path("rule").asText()).isEqualTo(DISK_RULE);
                assertThat(api.metric("homeward_gateway_technical_alarm", DISK_RULE)).isEqualTo(1.0);
                assertThat(Files.readString(data.resolveSibling("data-gateway.log")))
                        .contains("technical alarm " + DISK_RULE);
                CoapResponse full = coapPost(gw.port("coaps"), "d-d1", devices.secret("d-d1"), 36.4);
                assertThat(full.getCode()).as("CoAP at the limit").isEqualTo(CoAP.ResponseCode.SERVICE_UNAVAILABLE);
                System.out.printf("E2E disk limit: CoAP answer %s '%s', MQTT 5 PUBACK 0x97%n", full.getCode(),
                        full.getResponseText());
                int refused = devices.refusedByCode.get(0x97).get();
                devices.send(5, 0);
                assertThat(devices.drain()).isTrue();
                assertThat(devices.refusedByCode.get(0x97).get()).as("still refused at the limit")
                        .isEqualTo(refused + 10);
                Set<Received.Sent> acked = Set.copyOf(devices.acked);
                System.out.printf("E2E disk limit: %d publishes acknowledged, technical alarm after batch %d, "
                        + "first 0x97 after batch %d (batches of 20 publishes)%n", acked.size(), alarmAt, refusedAt);

                h.fhir.restart();
                await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(Received.temps(Received.dedupe(h.fhirArrivals())))
                                .as("every acknowledged reading delivered, nothing refused").isEqualTo(acked));
                await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    var r = api.get("/health", false);
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    assertThat(r.body()).doesNotContain(DISK_RULE);
                });
                assertThat(api.metric("homeward_gateway_technical_alarm", DISK_RULE)).isZero();
                devices.send(10, 0);
                assertThat(devices.drain()).isTrue();
                assertThat(devices.refusedByCode.get(0x97).get()).as("accepted again").isEqualTo(refused + 10);
                assertThat(coapPost(gw.port("coaps"), "d-d1", devices.secret("d-d1"), 36.5).getCode())
                        .as("CoAP accepted again").isEqualTo(CoAP.ResponseCode.CHANGED);
                devices.acked.add(Received.Sent.of("d-d1", 36.5));
                Set<Received.Sent> all = Set.copyOf(devices.acked);
                assertThat(all).hasSize(acked.size() + 21);
                await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(Received.temps(Received.dedupe(h.fhirArrivals()))).isEqualTo(all));
            }
        }
    }

    /**
     * Throughput of each sink through the real gateway: the journal is filled with no sink on, then
     * the gateway is restarted with one sink at a time (a new sink starts at the journal's beginning)
     * and the drain is timed from the forwarder's delivered counter. Completeness is checked too.
     */
    @Test
    void aSinkAddedLaterForwardsTheWholeJournalDrainTimedPerSink() throws Exception {
        int rounds = Integer.getInteger("forward.e2e.bench.rounds", 150);
        Path data = tmp.resolve("data");
        try (Hospital h = new Hospital(); Devices devices = new Devices(data)
                .add("p-t1", "d-t1").add("p-t2", "d-t2").add("p-t3", "d-t3")) {
            try (ChildGateway gw = new ChildGateway(data).start(h.settings(false, false, false))) {
                devices.connect(gw.port("mqtt"));
                devices.send(rounds, 0);
                assertThat(devices.drain()).isTrue();
                devices.close();
            }
            Set<Received.Sent> acked = Set.copyOf(devices.acked);
            assertThat(acked).hasSize(3 * rounds);
            int records = 3 * 3 * rounds;
            for (String sink : List.of("kafka", "fhir", "mqtt")) {
                try (ChildGateway gw = new ChildGateway(data).start(h.settings(sink.equals("fhir"),
                        sink.equals("mqtt"), sink.equals("kafka")))) {
                    GatewayFixture api = GatewayFixture.forRunning(gw.port("http"));
                    double first = delivered(api, sink);
                    long t0 = System.nanoTime();
                    await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(200))
                            .until(() -> delivered(api, sink) >= records);
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("E2E drain %s: %d readings, %.0f delivered before the clock started, the rest in "
                            + "%.1f s = %.0f readings/s%n", sink, records, first, s, (records - first) / s);
                }
            }
            await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(Received.temps(Received.dedupe(h.fhirArrivals()))).as("FHIR").isEqualTo(acked);
                assertThat(Received.temps(Received.dedupe(h.mqtt.arrivals()))).as("MQTT").isEqualTo(acked);
                assertThat(Received.temps(Received.dedupe(h.kafkaReader.arrivals()))).as("Kafka").isEqualTo(acked);
            });
        }
    }

    private static double delivered(GatewayFixture api, String sink) throws Exception {
        return api.metric("homeward_forward_records_total", "sink=\"" + sink + "\"", "outcome=\"delivered\"");
    }

    /** One CoAP-over-DTLS (PSK) POST of a temperature with Californium, as a device would. */
    private static CoapResponse coapPost(int port, String device, String secret, double temp) throws Exception {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 2, TimeUnit.SECONDS);
        config.set(CoapConfig.ACK_TIMEOUT, 3, TimeUnit.SECONDS);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(device, secret.getBytes(StandardCharsets.UTF_8)))
                .build());
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build();
        CoapClient client = new CoapClient("coaps://127.0.0.1:" + port + "/v1/senml");
        client.setEndpoint(endpoint);
        client.setTimeout(30_000L);
        try {
            CoapResponse r = client.post("[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":" + temp + "}]", 110);
            assertThat(r).as("CoAP response").isNotNull();
            return r;
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }
}
