package org.homeward.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.homeward.gateway.adapter.coap.CoapSettings;
import org.homeward.gateway.adapter.mqtt.MqttSettings;
import org.homeward.gateway.app.FdBudget;
import org.homeward.gateway.cluster.ClusterSettings;
import org.homeward.gateway.cluster.KafkaClients;
import org.homeward.gateway.cluster.TopicForwardSource;
import org.homeward.gateway.config.GatewayConfig;
import org.homeward.gateway.config.GatewaySettings;
import org.homeward.gateway.ingest.PackDecoder;
import org.homeward.gateway.ingest.senml.PackResult;
import org.homeward.gateway.ingest.senml.SenmlPackDecoder;
import org.homeward.gateway.ingest.senml.SenmlSettings;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.processing.ShardSettings;
import org.homeward.gateway.web.HttpSettings;
import java.net.URI;
import org.homeward.gateway.clinical.ClinicalSettings;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.homeward.gateway.forward.ForwarderSettings;
import org.homeward.gateway.forward.Forwarder;
import org.homeward.gateway.forward.Forwarders;
import org.homeward.gateway.forward.Sink;
import org.homeward.gateway.journal.SegmentedJournal;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.homeward.gateway.forward.fhir.FhirSink;
import org.homeward.gateway.forward.fhir.FhirSinkSettings;
import org.homeward.gateway.forward.fhir.SmartBackendAuth;
import org.homeward.gateway.forward.kafka.KafkaSink;
import org.homeward.gateway.forward.kafka.KafkaSinkSettings;
import org.homeward.gateway.forward.mqtt.MqttSink;
import org.homeward.gateway.forward.mqtt.MqttSinkSettings;

/**
 * Turns the validated settings into each component's immutable settings record: the only place
 * that reads {@link GatewayConfig}, so components never read settings at call sites.
 */
final class ComponentSettings {
    private final GatewayConfig cfg;
    private io.netty.handler.ssl.SslProvider tlsProvider;

    ComponentSettings(GatewayConfig cfg) {
        this.cfg = cfg;
    }

    Path dataDir() {
        return cfg.path(GatewaySettings.DATA_DIR);
    }

    /** The hash-chained audit log, rotated at {@code audit.max-file-bytes}. */
    org.homeward.gateway.audit.AuditLog auditLog() {
        return new org.homeward.gateway.audit.AuditLog(dataDir().resolve("audit").resolve("audit.log"),
                cfg.longValue(GatewaySettings.AUDIT_MAX_FILE), cfg.string(GatewaySettings.CLUSTER_NODE_ID));
    }

    JournalSettings journal() {
        return new JournalSettings(dataDir().resolve("journal"), cfg.longValue(GatewaySettings.JOURNAL_SEGMENT),
                cfg.integer(GatewaySettings.JOURNAL_QUEUE), cfg.longValue(GatewaySettings.JOURNAL_MAX_BYTES),
                JournalSettings.DEFAULT_WARN_FRACTION, cfg.bool(GatewaySettings.JOURNAL_FSYNC));
    }

    /** Cluster mode's settings ({@code cluster.*}); {@code enabled() == false} on the single-process default. */
    ClusterSettings cluster() {
        return new ClusterSettings(cfg.bool(GatewaySettings.CLUSTER_ENABLED), cfg.string(GatewaySettings.CLUSTER_NODE_ID),
                cfg.string(GatewaySettings.CLUSTER_BOOTSTRAP), cfg.integer(GatewaySettings.CLUSTER_PARTITIONS),
                cfg.integer(GatewaySettings.CLUSTER_REPLICATION), cfg.integer(GatewaySettings.CLUSTER_MIN_ISR),
                cfg.string(GatewaySettings.CLUSTER_GROUP), new ClusterSettings.Topics(
                        cfg.string(GatewaySettings.CLUSTER_TOPIC_READINGS), cfg.string(GatewaySettings.CLUSTER_TOPIC_PATIENTS),
                        cfg.string(GatewaySettings.CLUSTER_TOPIC_ALARMS), cfg.string(GatewaySettings.CLUSTER_TOPIC_COMMANDS),
                        cfg.string(GatewaySettings.CLUSTER_TOPIC_REGISTRY)),
                cfg.duration(GatewaySettings.CLUSTER_READINGS_RETENTION), cfg.duration(GatewaySettings.CLUSTER_ACK_TIMEOUT),
                cfg.duration(GatewaySettings.CLUSTER_COMMAND_TIMEOUT), new ClusterSettings.Security(
                        cfg.string(GatewaySettings.CLUSTER_SECURITY), cfg.string(GatewaySettings.CLUSTER_SASL_MECHANISM),
                        cfg.string(GatewaySettings.CLUSTER_SASL_USER), optionalPath(GatewaySettings.CLUSTER_SASL_PASSWORD_FILE),
                        optionalPath(GatewaySettings.CLUSTER_SSL_TRUST), optionalPath(GatewaySettings.CLUSTER_SSL_KEYSTORE),
                        cfg.bool(GatewaySettings.CLUSTER_SSL_HOSTNAME)),
                new ClusterSettings.Checkpoints(cfg.string(GatewaySettings.CLUSTER_TOPIC_CHECKPOINTS),
                        cfg.duration(GatewaySettings.CLUSTER_CHECKPOINT_INTERVAL),
                        cfg.duration(GatewaySettings.CLUSTER_CHECKPOINT_LOOKBACK)));
    }

    /** A path setting, or null when empty. */
    private Path optionalPath(org.homeward.gateway.config.Setting<Path> s) {
        return optionalPath(s.key(), cfg.path(s).toString());
    }

    /**
     * {@code processing.shards}, where 0 means one per core the JVM may use. The shipped 2 stays even on
     * one core: measured (issue 14, docs/benchmarks.md) one shard on a saturated pinned core got one
     * thread's share of it against the event loop and journal writer and fell seconds behind ingest.
     */
    static int shardCount(int configured) {
        return configured > 0 ? configured : Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    ShardSettings shards() {
        return new ShardSettings(shardCount(cfg.integer(GatewaySettings.SHARDS)), cfg.integer(GatewaySettings.SHARD_QUEUE),
                cfg.duration(GatewaySettings.HISTORY), Duration.ofSeconds(1),
                cfg.duration(GatewaySettings.SHARD_PUBLISH_INTERVAL), cfg.integer(GatewaySettings.SHARD_READ_BATCH),
                cfg.duration(GatewaySettings.SHARD_LAG_ALARM));
    }

    SenmlSettings senml() {
        SenmlSettings d = SenmlSettings.defaults();
        return new SenmlSettings(cfg.bytesInt(GatewaySettings.INGEST_MAX_PAYLOAD), cfg.integer(GatewaySettings.INGEST_MAX_RECORDS),
                cfg.duration(GatewaySettings.INGEST_FUTURE_SKEW), d.maxAge(), cfg.duration(GatewaySettings.INGEST_LATE_AFTER),
                d.pairingWindow(), d.piLowConfidencePercent(), d.piRejectPercent(), d.spo2ValidatedMinPercent(),
                d.minPulsePressureMmHg());
    }

    /** The connection caps fitted into this process's descriptor limit minus {@code fd.reserve}. */
    FdBudget fdBudget() {
        return FdBudget.fit(FdBudget.processLimit(), cfg.integer(GatewaySettings.FD_RESERVE),
                cfg.integer(GatewaySettings.MQTT_MAX_CONNECTIONS), cfg.integer(GatewaySettings.HTTP_MAX_CONNECTIONS));
    }

    MqttSettings mqtt() {
        MqttSettings d = MqttSettings.defaults();
        boolean tls = cfg.bool(GatewaySettings.MQTT_TLS_ENABLED);
        String clientCa = cfg.path(GatewaySettings.MQTT_TLS_CLIENT_CA).toString();
        return new MqttSettings(cfg.bool(GatewaySettings.MQTT_ENABLED), cfg.string(GatewaySettings.MQTT_HOST),
                cfg.integer(GatewaySettings.MQTT_PORT), tls, cfg.integer(GatewaySettings.MQTT_TLS_PORT),
                optionalPath(GatewaySettings.MQTT_TLS_CERT.key(), cfg.path(GatewaySettings.MQTT_TLS_CERT).toString()),
                optionalPath(GatewaySettings.MQTT_TLS_KEY.key(), cfg.path(GatewaySettings.MQTT_TLS_KEY).toString()),
                clientCa.isEmpty() ? MqttSettings.ClientAuth.NONE
                        : "required".equals(cfg.string(GatewaySettings.MQTT_TLS_CLIENT_AUTH))
                        ? MqttSettings.ClientAuth.REQUIRE : MqttSettings.ClientAuth.OPTIONAL,
                optionalPath(GatewaySettings.MQTT_TLS_CLIENT_CA.key(), clientCa),
                cfg.duration(GatewaySettings.MQTT_CONNECT_TIMEOUT), cfg.bytesInt(GatewaySettings.MQTT_MAX_PACKET),
                fdBudget().mqttConnections(), cfg.integer(GatewaySettings.MQTT_MAX_UNAUTHENTICATED_PER_ADDRESS),
                cfg.integer(GatewaySettings.MQTT_RECEIVE_MAXIMUM),
                d.maxKeepAliveSeconds(), d.writeBufferLowBytes(), d.writeBufferHighBytes());
    }

    CoapSettings coap() {
        CoapSettings d = CoapSettings.defaults();
        return new CoapSettings(new CoapSettings.Listeners(cfg.bool(GatewaySettings.COAP_ENABLED),
                cfg.integer(GatewaySettings.COAP_PORT), cfg.bool(GatewaySettings.COAPS_ENABLED),
                cfg.integer(GatewaySettings.COAPS_PORT), cfg.string(GatewaySettings.COAP_HOST)),
                d.messages(), d.peers(), d.sockets(), coapsX509())
                .withMaxPayloadBytes(cfg.bytesInt(GatewaySettings.INGEST_MAX_PAYLOAD))
                .withDtlsConnections(cfg.integer(GatewaySettings.COAPS_MAX_CONNECTIONS),
                        cfg.integer(GatewaySettings.COAPS_MAX_UNAUTHENTICATED_PER_ADDRESS));
    }

    /**
     * The DTLS certificate settings, or null when {@code coaps.x509.enabled} is false. The files are
     * read and checked here, so a wrong key or certificate stops start-up with a specific message.
     */
    CoapSettings.X509 coapsX509() {
        if (!cfg.bool(GatewaySettings.COAPS_X509_ENABLED)) {
            return null;
        }
        CoapSettings.X509 x509 = new CoapSettings.X509(cfg.path(GatewaySettings.COAPS_X509_CERT),
                cfg.path(GatewaySettings.COAPS_X509_KEY), cfg.path(GatewaySettings.COAPS_X509_CLIENT_CA),
                "required".equals(cfg.string(GatewaySettings.COAPS_X509_CLIENT_AUTH)));
        CoapSettings.checkX509(x509);
        return x509;
    }

    HttpSettings http() {
        HttpSettings d = HttpSettings.defaults();
        int httpConnections = fdBudget().httpConnections();
        return new HttpSettings(cfg.string(GatewaySettings.HTTP_HOST), cfg.integer(GatewaySettings.HTTP_PORT),
                cfg.bytesInt(GatewaySettings.HTTP_MAX_BODY), cfg.duration(GatewaySettings.HTTP_SESSION_TTL),
                d.sessionIdle(), d.maxSessions(), cfg.bool(GatewaySettings.HTTP_SECURE_COOKIES),
                !cfg.bool(GatewaySettings.HTTP_OPEN_METRICS), d.loginFailuresPerMinute(), d.idleTimeout(),
                d.heartbeatInterval(), d.viewerAlarmQueue(), maxShelveMinutes(d), d.socketSendBufferBytes(),
                httpConnections, Math.min(httpConnections, cfg.integer(GatewaySettings.HTTP_MAX_PER_ADDRESS)),
                cfg.duration(GatewaySettings.HTTP_REQUEST_TIMEOUT));
    }

    /**
     * The API accepts no longer a shelve than the clinical layer keeps (it would cut a longer one
     * silently): a nurse asking for more gets a 400 naming the limit instead of a shorter shelve.
     */
    private int maxShelveMinutes(HttpSettings d) {
        long clinicalMinutes = clinical().escalation().shelveMaxMillis() / 60_000L;
        return (int) Math.max(1, Math.min(d.maxShelveMinutes(), clinicalMinutes));
    }

    ClinicalSettings clinical() {
        java.time.ZoneId zone;
        try {
            zone = java.time.ZoneId.of(cfg.string(GatewaySettings.CLINICAL_ZONE));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("clinical.zone '" + cfg.string(GatewaySettings.CLINICAL_ZONE)
                    + "' is not a time zone id such as UTC or Europe/London");
        }
        ClinicalSettings d = ClinicalSettings.defaults().withZone(zone);
        return d.withThresholds(d.thresholds()
                .withFever(cfg.dbl(GatewaySettings.CLINICAL_FEVER), cfg.dbl(GatewaySettings.CLINICAL_FEVER_CLEAR))
                .withSpo2(cfg.dbl(GatewaySettings.CLINICAL_SPO2_LOW), cfg.dbl(GatewaySettings.CLINICAL_SPO2_CLEAR)))
                .withDelays(d.delays()
                        .withMotionHolds(cfg.duration(GatewaySettings.CLINICAL_MOTION_MAX_HOLD).toMillis(),
                                cfg.duration(GatewaySettings.CLINICAL_MOTION_POOR_SIGNAL).toMillis())
                        .withNews2Spo2Confirm(cfg.duration(GatewaySettings.CLINICAL_NEWS2_SPO2_CONFIRM).toMillis()))
                .withReorderHorizon(cfg.duration(GatewaySettings.REORDER_HORIZON).toMillis())
                .withGaps(d.gaps().withUploadOnlyKinds(uploadOnlyKinds()));
    }

    /** {@code clinical.upload-only-kinds}: lower-case kind names, comma-separated; anything else refuses to start. */
    private Set<String> uploadOnlyKinds() {
        String raw = cfg.string(GatewaySettings.CLINICAL_UPLOAD_ONLY_KINDS);
        Set<String> kinds = new TreeSet<>();
        for (String k : raw.split(",")) {
            String kind = k.strip();
            if (kind.isEmpty()) {
                continue;
            }
            if (!kind.matches("[a-z0-9][a-z0-9-]{0,31}")) {
                throw new IllegalArgumentException("clinical.upload-only-kinds: '" + kind
                        + "' is not a device kind (lower-case letters, digits and '-', e.g. bp-cuff,scale)");
            }
            kinds.add(kind);
        }
        return kinds;
    }

    String escalationWebhook() {
        return cfg.string(GatewaySettings.ALARM_WEBHOOK);
    }

    String gatewayId() {
        return cfg.string(GatewaySettings.GATEWAY_ID);
    }

    java.time.Duration retentionCheck() {
        return cfg.duration(GatewaySettings.JOURNAL_RETENTION_CHECK);
    }

    java.time.Duration retention() {
        return cfg.duration(GatewaySettings.JOURNAL_RETENTION);
    }

    ForwarderSettings forwarder() {
        ForwarderSettings d = ForwarderSettings.defaults();
        return new ForwarderSettings(d.windowEntries(), cfg.integer(GatewaySettings.FORWARD_BATCH), d.pollInterval(),
                cfg.duration(GatewaySettings.FORWARD_BACKOFF_INITIAL), cfg.duration(GatewaySettings.FORWARD_BACKOFF_MAX));
    }

    /** One forwarder per enabled sink over {@code journal}; none means the journal is the only store. */
    Forwarders forwarders(SegmentedJournal journal, MeterRegistry meters, Clock clock) throws IOException {
        List<Forwarder> list = new java.util.ArrayList<>();
        for (Sink sink : sinksOrFail()) {
            list.add(new Forwarder(journal, sink, forwarder(), dataDir(), gatewayId(), meters, clock));
        }
        return new Forwarders(journal, list);
    }

    /**
     * Cluster mode: one forwarder per enabled sink over the readings topic, as that sink's consumer group,
     * so each record is forwarded by one node of the cluster (see docs/forwarding.md). The local journal
     * is not read; retention does not wait for these forwarders.
     */
    Forwarders clusterForwarders(SegmentedJournal journal, MeterRegistry meters, Clock clock) throws IOException {
        KafkaClients clients = new KafkaClients(cluster());
        ForwarderSettings fs = forwarder();
        List<Forwarder> list = new java.util.ArrayList<>();
        for (Sink sink : sinksOrFail()) {
            list.add(new Forwarder(new TopicForwardSource(clients, sink.name(), fs.windowEntries(), fs.pollInterval()),
                    sink, fs, dataDir(), meters, clock));
        }
        return new Forwarders(journal, list);
    }

    /** The enabled sinks; a checked failure of a sink's constructor becomes an IllegalStateException. */
    List<Sink> sinksOrFail() throws IOException {
        try {
            return sinks();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("a forwarder could not be created: " + e, e);
        }
    }

    /** The SenML decoder behind ingest's {@link PackDecoder} port. */
    PackDecoder packDecoder() {
        SenmlPackDecoder senml = new SenmlPackDecoder(senml());
        return (format, payload, deviceId, patientId, at) -> {
            PackResult r = senml.decode(format, payload, deviceId, patientId, at);
            return new PackDecoder.Result(r.readings(), r.rejections(), r.warnings(), r.updateIntervalMillis());
        };
    }

    List<Sink> sinks() throws Exception {
        List<Sink> sinks = new java.util.ArrayList<>();
        String id = gatewayId();
        if (cfg.bool(GatewaySettings.FHIR_ENABLED)) {
            FhirSinkSettings f = FhirSinkSettings.defaults(URI.create(required(GatewaySettings.FHIR_BASE_URL)), id);
            String token = cfg.string(GatewaySettings.FHIR_BEARER);
            sinks.add(new FhirSink(fhirTls(f.withBearerToken(token.isEmpty() ? null : token).withOauth2(fhirOauth2()))));
        }
        if (cfg.bool(GatewaySettings.MQTT_FWD_ENABLED)) {
            MqttSinkSettings m = MqttSinkSettings.defaults(required(GatewaySettings.MQTT_FWD_URI), id)
                    .withTopics(cfg.string(GatewaySettings.MQTT_FWD_TOPIC), cfg.string(GatewaySettings.MQTT_FWD_ALARM_TOPIC));
            String user = cfg.string(GatewaySettings.MQTT_FWD_USER);
            if (!user.isEmpty()) {
                m = m.withCredentials(user, cfg.string(GatewaySettings.MQTT_FWD_PASSWORD));
            }
            sinks.add(new MqttSink(m, dataDir()));
        }
        if (cfg.bool(GatewaySettings.KAFKA_ENABLED)) {
            sinks.add(new KafkaSink(KafkaSinkSettings.defaults(required(GatewaySettings.KAFKA_BOOTSTRAP), id)
                    .withTopics(cfg.string(GatewaySettings.KAFKA_TOPIC), cfg.string(GatewaySettings.KAFKA_ALARMS_TOPIC))));
        }
        return sinks;
    }

    /** The setting's text (a path's too); fails naming it when blank. */
    private String required(org.homeward.gateway.config.Setting<?> s) {
        String v = String.valueOf(cfg.get(s));
        if (v.isBlank()) {
            throw new IllegalArgumentException(s.key() + " must be set when its forwarder is enabled");
        }
        return v;
    }

    org.homeward.gateway.ingest.DeviceRateLimiter rateLimiter(java.time.Clock clock) {
        return new org.homeward.gateway.ingest.DeviceRateLimiter(cfg.dbl(GatewaySettings.INGEST_DEVICE_RATE),
                cfg.integer(GatewaySettings.INGEST_DEVICE_BURST), clock);
    }

    /** One back-off table shared by MQTT and DTLS: a guesser cannot switch transports to start afresh. */
    org.homeward.gateway.device.AuthBackoff authBackoff(java.time.Clock clock) {
        return new org.homeward.gateway.device.AuthBackoff(cfg.integer(GatewaySettings.AUTH_BACKOFF_AFTER),
                cfg.duration(GatewaySettings.AUTH_BACKOFF_INITIAL), cfg.duration(GatewaySettings.AUTH_BACKOFF_MAX),
                100_000, clock);
    }

    /** The TLS implementation of MQTT over TLS and HTTPS ({@code tls.provider}), resolved and logged once. */
    synchronized io.netty.handler.ssl.SslProvider tlsProvider() {
        if (tlsProvider == null) {
            tlsProvider = org.homeward.gateway.tls.TlsProviders.resolve(cfg.string(GatewaySettings.TLS_PROVIDER));
        }
        return tlsProvider;
    }

    /** The HTTPS context of the web port, or null when {@code http.tls.enabled} is false. */
    io.netty.handler.ssl.SslContext httpTls() {
        if (!cfg.bool(GatewaySettings.HTTP_TLS_ENABLED)) {
            return null;
        }
        return org.homeward.gateway.web.WebTls.server(cfg.path(GatewaySettings.HTTP_TLS_CERT),
                cfg.path(GatewaySettings.HTTP_TLS_KEY), tlsProvider());
    }

    /** SMART Backend Services settings, or null when no token URL is set (fails fast on a bad key file). */
    private SmartBackendAuth fhirOauth2() {
        String tokenUrl = cfg.string(GatewaySettings.FHIR_OAUTH2_TOKEN_URL);
        if (tokenUrl.isEmpty()) {
            return null;
        }
        return SmartBackendAuth.of(URI.create(tokenUrl), required(GatewaySettings.FHIR_OAUTH2_CLIENT_ID),
                cfg.string(GatewaySettings.FHIR_OAUTH2_SCOPE), Path.of(required(GatewaySettings.FHIR_OAUTH2_KEY)),
                cfg.string(GatewaySettings.FHIR_OAUTH2_ALGORITHM), required(GatewaySettings.FHIR_OAUTH2_KEY_ID));
    }

    private FhirSinkSettings fhirTls(FhirSinkSettings f) {
        Path trust = optionalPath(GatewaySettings.FHIR_TLS_TRUST.key(), cfg.path(GatewaySettings.FHIR_TLS_TRUST).toString());
        Path cert = optionalPath(GatewaySettings.FHIR_TLS_CLIENT_CERT.key(), cfg.path(GatewaySettings.FHIR_TLS_CLIENT_CERT).toString());
        Path key = optionalPath(GatewaySettings.FHIR_TLS_CLIENT_KEY.key(), cfg.path(GatewaySettings.FHIR_TLS_CLIENT_KEY).toString());
        return trust == null && cert == null && key == null ? f : f.withTls(trust, cert, key);
    }

    private static Path optionalPath(String key, String value) {
        return value == null || value.isEmpty() ? null : Path.of(value);
    }
}
