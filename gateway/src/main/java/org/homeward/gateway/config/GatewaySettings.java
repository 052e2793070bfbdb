package org.homeward.gateway.config;

import static org.homeward.gateway.config.Setting.bool;
import static org.homeward.gateway.config.Setting.bytes;
import static org.homeward.gateway.config.Setting.choice;
import static org.homeward.gateway.config.Setting.dbl;
import static org.homeward.gateway.config.Setting.duration;
import static org.homeward.gateway.config.Setting.integer;
import static org.homeward.gateway.config.Setting.path;
import static org.homeward.gateway.config.Setting.port;
import static org.homeward.gateway.config.Setting.str;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the gateway: key, documentation, default, bounds. The shipped
 * {@code config/gateway.yaml} is the reference; {@code ShippedConfigTest} keeps the two in step.
 */
public final class GatewaySettings {
    public static final Setting<String> GATEWAY_ID = str("gateway.id", "homeward-gw-1",
            "Pseudonymous id of this gateway (FHIR gatewayDevice, idempotency keys); unique per cluster");
    public static final Setting<Path> DATA_DIR = path("data.dir", "data",
            "Directory for the journal, registry, cursors and audit log (relative to the working directory)");
    public static final Setting<String> PROFILE = choice("profile", "demo", List.of("demo", "production"),
            "demo allows plain MQTT/CoAP/HTTP; production refuses to start with any plain-text listener on");

    public static final Setting<Boolean> MQTT_ENABLED = bool("mqtt.enabled", true, "Plain MQTT over TCP (demo and labs only)");
    public static final Setting<String> MQTT_HOST = str("mqtt.host", "0.0.0.0", "Address the MQTT listeners bind to");
    public static final Setting<Integer> MQTT_PORT = port("mqtt.port", 1883, "Plain MQTT port; 0 = ephemeral");
    public static final Setting<Boolean> MQTT_TLS_ENABLED = bool("mqtt.tls.enabled", false, "MQTT over TLS listener");
    public static final Setting<Integer> MQTT_TLS_PORT = port("mqtt.tls.port", 8883, "MQTT over TLS port; 0 = ephemeral");
    public static final Setting<Path> MQTT_TLS_CERT = path("mqtt.tls.cert", "", "Server certificate chain (PEM)");
    public static final Setting<Path> MQTT_TLS_KEY = path("mqtt.tls.key", "", "Server private key (PKCS#8 PEM)");
    public static final Setting<Path> MQTT_TLS_CLIENT_CA = path("mqtt.tls.client-ca", "",
            "CA certificates (PEM) trusted for device client certificates; empty = no client certificates");
    public static final Setting<String> MQTT_TLS_CLIENT_AUTH = choice("mqtt.tls.client-auth", "optional",
            List.of("optional", "required"),
            "With a client-ca: optional = a device may sign in with a certificate (CN = device id) or its secret;"
                    + " required = the TLS handshake needs a device certificate");
    public static final Setting<Duration> MQTT_CONNECT_TIMEOUT = duration("mqtt.connect-timeout", "10s", "1s", "5m",
            "Close a connection that has not sent CONNECT within this time");
    public static final Setting<Long> MQTT_MAX_PACKET = bytes("mqtt.max-packet-bytes", "64KiB", "1KiB", "16MiB",
            "Largest MQTT packet accepted; larger closes the connection");
    public static final Setting<Integer> MQTT_MAX_CONNECTIONS = integer("mqtt.max-connections", 25_000, 1, 1_000_000,
            "Most concurrent MQTT connections");
    public static final Setting<Integer> MQTT_MAX_UNAUTHENTICATED_PER_ADDRESS = integer(
            "mqtt.max-unauthenticated-per-address", 2_048, 1, 1_000_000,
            "Open MQTT connections from one address (IPv6: its /64) that have not completed CONNECT authentication;"
                    + " a new one beyond it closes the address's oldest. Authenticated devices (a NAT cell) never count");
    public static final Setting<Integer> MQTT_RECEIVE_MAXIMUM = integer("mqtt.receive-maximum", 32, 1, 65_535,
            "Most unacknowledged QoS 1/2 publishes per connection before reads pause");

    public static final Setting<Boolean> COAP_ENABLED = bool("coap.enabled", false, "Plain CoAP over UDP (lab only)");
    public static final Setting<Integer> COAP_PORT = port("coap.port", 5683, "Plain CoAP port; 0 = ephemeral");
    public static final Setting<Boolean> COAPS_ENABLED = bool("coaps.enabled", true, "CoAP over DTLS 1.2 (PSK; X.509 with coaps.x509)");
    public static final Setting<Integer> COAPS_PORT = port("coaps.port", 5684, "CoAP over DTLS port; 0 = ephemeral");
    public static final Setting<Integer> COAPS_MAX_CONNECTIONS = integer("coaps.max-connections", 20_000, 1, 10_000_000,
            "DTLS connections kept (the connection store); idle ones older than 30 min make room when it is full");
    public static final Setting<Integer> COAPS_MAX_UNAUTHENTICATED_PER_ADDRESS = integer(
            "coaps.max-unauthenticated-per-address", 64, 1, 10_000_000,
            "DTLS handshakes (and connections without a client identity) one address, IPv6 /64, may hold before"
                    + " authenticating; a full share ends its oldest for a new one. Authenticated devices never count");
    public static final Setting<String> COAP_HOST = str("coap.host", "0.0.0.0", "Address the CoAP endpoints bind to");
    public static final Setting<Boolean> COAPS_X509_ENABLED = bool("coaps.x509.enabled", false,
            "Device certificates over DTLS (subject CN = device id) besides PSK, on the same port");
    public static final Setting<Path> COAPS_X509_CERT = path("coaps.x509.cert", "",
            "DTLS server certificate chain (PEM, server certificate first)");
    public static final Setting<Path> COAPS_X509_KEY = path("coaps.x509.key", "", "DTLS server private key (PKCS#8 PEM)");
    public static final Setting<Path> COAPS_X509_CLIENT_CA = path("coaps.x509.client-ca", "",
            "CA certificates (PEM) trusted to sign device certificates");
    public static final Setting<String> COAPS_X509_CLIENT_AUTH = choice("coaps.x509.client-auth", "required",
            List.of("required", "optional"),
            "required: certificate handshakes need a device certificate; optional: without one the device must"
                    + " give ?d=<id>&k=<secret> inside the encrypted session");

    public static final Setting<String> TLS_PROVIDER = choice("tls.provider", "auto", List.of("auto", "jdk", "openssl"),
            "TLS implementation of MQTT over TLS and HTTPS: auto = OpenSSL/BoringSSL (netty-tcnative) when it loads,"
                    + " else the JDK; openssl refuses to start without it");

    public static final Setting<Boolean> HTTP_ENABLED = bool("http.enabled", true, "HTTP server: nurse view, API, /metrics, /health");
    public static final Setting<String> HTTP_HOST = str("http.host", "0.0.0.0", "Address the HTTP server binds to");
    public static final Setting<Integer> HTTP_PORT = port("http.port", 8080, "HTTP port; 0 = ephemeral");
    public static final Setting<Boolean> HTTP_TLS_ENABLED = bool("http.tls.enabled", false,
            "HTTPS on the web port (TLS 1.2/1.3); required by the production profile");
    public static final Setting<Path> HTTP_TLS_CERT = path("http.tls.cert", "", "Web server certificate chain (PEM)");
    public static final Setting<Path> HTTP_TLS_KEY = path("http.tls.key", "", "Web server private key (PKCS#8 PEM)");
    public static final Setting<Boolean> HTTP_SECURE_COOKIES = bool("http.secure-cookies", false,
            "Mark session cookies Secure (set true behind HTTPS; production requires it)");
    public static final Setting<Duration> HTTP_SESSION_TTL = duration("http.session-ttl", "12h", "1m", "7d",
            "Lifetime of a signed-in session");
    public static final Setting<Long> HTTP_MAX_BODY = bytes("http.max-body-bytes", "64KiB", "1KiB", "16MiB",
            "Largest HTTP request body");
    public static final Setting<Boolean> HTTP_OPEN_METRICS = bool("http.open-management", true,
            "Serve /health and /metrics without sign-in");
    public static final Setting FD_RESERVE = integer("fd.reserve", 512, 64, 1_000_000,
            "File descriptors never given to connections (journal segments, registry, audit, forwarders)");
    public static final Setting HTTP_MAX_CONNECTIONS = integer("http.max-connections", 1000, 1, 100_000,
            "Open HTTP connections; more are closed at once (keeps file descriptors for devices and the journal)");
    public static final Setting HTTP_MAX_PER_ADDRESS = integer("http.max-connections-per-address", 64, 1, 100_000,
            "Open HTTP connections from one address (raise it behind a reverse proxy)");
    public static final Setting HTTP_REQUEST_TIMEOUT = duration("http.request-timeout", "10s", "1s", "5m",
            "A request's headers and body must arrive within this of its first byte (slow-request guard)");

    public static final Setting<Long> INGEST_MAX_PAYLOAD = bytes("ingest.max-payload-bytes", "64KiB", "256B", "16MiB",
            "Largest SenML pack accepted");
    public static final Setting<Integer> INGEST_MAX_RECORDS = integer("ingest.max-records", 512, 1, 100_000,
            "Most records in one SenML pack");
    public static final Setting<Duration> INGEST_FUTURE_SKEW = duration("ingest.max-future-skew", "5m", "0s", "1d",
            "Readings stamped further in the future than this are refused");
    public static final Setting<Duration> INGEST_LATE_AFTER = duration("ingest.late-after", "2m", "1s", "7d",
            "Readings measured this long before arrival are marked late (device buffered them)");

    public static final Setting<Double> INGEST_DEVICE_RATE = dbl("ingest.device-rate", 50, 0, 100_000,
            "Sustained messages per second one device may send (token bucket); 0 = no limit; over it: rate_limited");
    public static final Setting<Integer> INGEST_DEVICE_BURST = integer("ingest.device-burst", 1000, 1, 1_000_000,
            "Messages a quiet device may send at once (e.g. replaying its buffer after an outage)");

    public static final Setting<Integer> AUTH_BACKOFF_AFTER = integer("auth.backoff.after-failures", 10, 0, 1_000_000,
            "Failed MQTT/DTLS authentications from one address before it is refused for a while; 0 = off");
    public static final Setting<Duration> AUTH_BACKOFF_INITIAL = duration("auth.backoff.initial", "1s", "100ms", "1h",
            "First refusal period; doubles with each further failure");
    public static final Setting<Duration> AUTH_BACKOFF_MAX = duration("auth.backoff.max", "5m", "1s", "1d",
            "Longest refusal period; an address quiet this long is forgiven");

    public static final Setting<Long> JOURNAL_SEGMENT = bytes("journal.segment-bytes", "64MiB", "64KiB", "2GiB",
            "Size at which the journal starts a new segment file");
    public static final Setting<Integer> JOURNAL_QUEUE = integer("journal.queue-capacity", 65_536, 16, 4_000_000,
            "Appends waiting for the writer; when full, ingest answers overloaded");
    public static final Setting<Long> JOURNAL_MAX_BYTES = bytes("journal.max-bytes", "0", "0", "100000GiB",
            "Disk-usage limit of the journal; at it new data is refused (0 = no limit)");
    public static final Setting<Boolean> JOURNAL_FSYNC = bool("journal.fsync", true,
            "fsync every group commit; false only for benchmarks (acknowledged data could be lost on power failure)");
    public static final Setting<Duration> JOURNAL_RETENTION = duration("journal.retention", "7d", "1s", "3650d",
            "Keep segments at least this long after every forwarder passed them");
    public static final Setting<Duration> JOURNAL_RETENTION_CHECK = duration("journal.retention-check", "1m", "100ms", "1h",
            "How often retention runs and the disk-limit technical alarm is checked");

    public static final Setting<Integer> SHARDS = integer("processing.shards", 2, 0, 256,
            "Single-threaded patient shards (hash of patient id picks one); 0 = one per available core");
    public static final Setting<Integer> SHARD_QUEUE = integer("processing.queue-capacity", 65_536, 16, 4_000_000,
            "Bounded control queue per shard (commands, device events); readings are read from the journal");
    public static final Setting<Integer> SHARD_READ_BATCH = integer("processing.read-batch", 256, 1, 65_536,
            "Journal entries a shard evaluates per step before it runs its control tasks again");
    public static final Setting<Duration> SHARD_PUBLISH_INTERVAL = duration("processing.publish-interval", "20ms", "0s", "10s",
            "While a shard is behind the journal, changed snapshots are published at most this often");
    public static final Setting<Duration> SHARD_LAG_ALARM = duration("processing.lag-alarm", "30s", "1s", "1h",
            "Technical alarm GATEWAY-PROCESSING-LAG when a shard has not caught up with the journal for this long");
    public static final Setting<Duration> HISTORY = duration("processing.history", "72h", "1h", "30d",
            "How much reading history each patient keeps in memory for trends");
    public static final Setting<Duration> REORDER_HORIZON = duration("processing.reorder-horizon", "3h", "0s", "24h",
            "A reading measured up to this long before the newest of its stream is sorted in and re-evaluated by the"
                    + " rules; an older one is history only (stored, shown, forwarded, marked late)");

    public static final Setting<Boolean> FHIR_ENABLED = bool("forward.fhir.enabled", false, "Forward to a FHIR R4 server");
    public static final Setting<String> FHIR_BASE_URL = str("forward.fhir.base-url", "", "FHIR R4 base URL, e.g. https://fhir.hospital/r4");
    public static final Setting<String> FHIR_BEARER = str("forward.fhir.bearer-token", "", "Bearer token for the FHIR server (empty = none)");
    public static final Setting<String> FHIR_OAUTH2_TOKEN_URL = str("forward.fhir.oauth2.token-url", "",
            "OAuth2 token endpoint for SMART Backend Services client credentials (empty = no OAuth2)");
    public static final Setting<String> FHIR_OAUTH2_CLIENT_ID = str("forward.fhir.oauth2.client-id", "",
            "Client id registered for this gateway (JWT iss and sub)");
    public static final Setting<String> FHIR_OAUTH2_SCOPE = str("forward.fhir.oauth2.scope",
            "system/Observation.write system/Flag.write system/Patient.write system/Device.write",
            "Scope requested with each token");
    public static final Setting<Path> FHIR_OAUTH2_KEY = path("forward.fhir.oauth2.private-key", "",
            "PKCS#8 PEM private key that signs the client assertion (its public key is in the registered JWKS)");
    public static final Setting<String> FHIR_OAUTH2_ALGORITHM = choice("forward.fhir.oauth2.algorithm", "RS384",
            List.of("RS384", "ES384"), "Client assertion signature: RS384 (RSA key) or ES384 (EC P-384 key)");
    public static final Setting<String> FHIR_OAUTH2_KEY_ID = str("forward.fhir.oauth2.key-id", "",
            "kid of the key in the registered JWKS");
    public static final Setting<Path> FHIR_TLS_TRUST = path("forward.fhir.tls.trust", "",
            "CA certificates (PEM) to trust for the FHIR server and token endpoint (empty = the JVM's trust store)");
    public static final Setting<Path> FHIR_TLS_CLIENT_CERT = path("forward.fhir.tls.client-cert", "",
            "Client certificate chain (PEM) for mutual TLS (empty = none)");
    public static final Setting<Path> FHIR_TLS_CLIENT_KEY = path("forward.fhir.tls.client-key", "",
            "Client private key (PKCS#8 PEM) for mutual TLS");
    public static final Setting<Boolean> MQTT_FWD_ENABLED = bool("forward.mqtt.enabled", false, "Bridge to a hospital MQTT broker");
    public static final Setting<String> MQTT_FWD_URI = str("forward.mqtt.uri", "", "Broker URI, tcp://host:1883 or ssl://host:8883");
    public static final Setting<String> MQTT_FWD_TOPIC = str("forward.mqtt.topic", "homeward/vitals/{patient}/{vital}",
            "Topic template for readings: {patient}, {device}, {vital}");
    public static final Setting<String> MQTT_FWD_ALARM_TOPIC = str("forward.mqtt.alarm-topic", "homeward/alarms/{patient}",
            "Topic template for alarm changes: {patient}");
    public static final Setting<String> MQTT_FWD_USER = str("forward.mqtt.username", "", "User name at the hospital broker (empty = none)");
    public static final Setting<String> MQTT_FWD_PASSWORD = str("forward.mqtt.password", "", "Password at the hospital broker");
    public static final Setting<Boolean> KAFKA_ENABLED = bool("forward.kafka.enabled", false, "Produce to Kafka");
    public static final Setting<String> KAFKA_BOOTSTRAP = str("forward.kafka.bootstrap-servers", "", "Kafka bootstrap servers");
    public static final Setting<String> KAFKA_TOPIC = str("forward.kafka.topic", "homeward.vitals", "Kafka topic for readings");

    public static final Setting<String> KAFKA_ALARMS_TOPIC = str("forward.kafka.alarms-topic", "homeward.alarms",
            "Kafka topic for alarm changes");
    public static final Setting<Integer> FORWARD_BATCH = integer("forward.batch-size", 500, 1, 10_000,
            "Most records a forwarder sends in one request");
    public static final Setting<Duration> FORWARD_BACKOFF_INITIAL = duration("forward.backoff.initial", "1s", "10ms", "1h",
            "First retry delay after a sink failure (doubles per attempt, with jitter)");
    public static final Setting<Duration> FORWARD_BACKOFF_MAX = duration("forward.backoff.max", "60s", "10ms", "1h",
            "Longest retry delay: how long a sink that came back may wait before the backlog moves");

    public static final Setting<String> CLINICAL_ZONE = str("clinical.zone", "UTC",
            "Time zone of the programme: day 0 and D+N are counted in it (e.g. Asia/Shanghai, Europe/London)");
    public static final Setting<Double> CLINICAL_FEVER = dbl("clinical.fever-celsius", 38.0, 37.0, 40.0,
            "CRS-FEVER threshold in °C (ASTCT: 38.0); [P] values need clinical sign-off");
    public static final Setting<Double> CLINICAL_FEVER_CLEAR = dbl("clinical.fever-clear-celsius", 37.8, 36.0, 40.0,
            "Temperature below which a fever alarm may clear (hysteresis)");
    public static final Setting<Double> CLINICAL_SPO2_LOW = dbl("clinical.spo2-low-percent", 90.0, 80.0, 96.0,
            "HYPOXAEMIA threshold, SpO2 % sustained for the persistence delay");
    public static final Setting<Double> CLINICAL_SPO2_CLEAR = dbl("clinical.spo2-clear-percent", 92.0, 80.0, 100.0,
            "SpO2 % at or above which a hypoxaemia alarm may clear");
    public static final Setting<Duration> CLINICAL_MOTION_MAX_HOLD = duration("clinical.motion-max-hold", "10m", "0s", "1h",
            "While the accelerometer shows motion, held SpO2 raises UNABLE-TO-MEASURE after this (2 min without motion)");
    public static final Setting<Duration> CLINICAL_MOTION_POOR_SIGNAL = duration("clinical.motion-poor-signal", "10m", "0s", "1h",
            "While the accelerometer shows motion, low-confidence readings raise POOR-SIGNAL after this (60 s without)");
    public static final Setting<Duration> CLINICAL_NEWS2_SPO2_CONFIRM = duration("clinical.news2-spo2-confirm", "2m", "0s", "1h",
            "NEWS2 scores the higher of the newest two trusted SpO2 samples when this close; 0s = the newest alone");
    public static final Setting<String> CLINICAL_UPLOAD_ONLY_KINDS = str("clinical.upload-only-kinds",
            "bp-cuff,scale,activity,thermometer",
            "Disconnect policy: device kinds (comma-separated) that connect to upload and leave; their clean MQTT"
                    + " disconnect raises no DEVICE-OFFLINE (a missed interval is a DATA-GAP). Other kinds stay connected");
    public static final Setting<String> ALARM_WEBHOOK = str("alarms.escalation-webhook", "",
            "URL that receives a JSON POST for each escalation step and re-alert (paging/phone bridge); empty = none");

    public static final Setting<Duration> REGISTRY_POLL = duration("registry.poll-interval", "1s", "100ms", "1m",
            "How often the gateway looks for registry changes made by the CLI");

    public static final Setting<Long> AUDIT_MAX_FILE = bytes("audit.max-file-bytes", "16MiB", "1KiB", "1GiB",
            "Size at which the audit log starts a new file; the hash chain runs on across files (audit verify checks all)");

    public static final Setting<Boolean> CLUSTER_ENABLED = bool("cluster.enabled", false,
            "Run as one node of a cluster on Kafka (docs/cluster.md); false = the single-process journal default");
    public static final Setting<String> CLUSTER_NODE_ID = str("cluster.node-id", "",
            "This node's id in the cluster, unique per node ([A-Za-z0-9._-], at most 64); required when cluster.enabled");
    public static final Setting<String> CLUSTER_BOOTSTRAP = str("cluster.kafka.bootstrap-servers", "",
            "Kafka bootstrap servers of the cluster, host:port[,host:port...]; required when cluster.enabled");
    public static final Setting<Integer> CLUSTER_PARTITIONS = integer("cluster.partitions", 12, 1, 10_000,
            "Partitions of the readings topic (the unit of processing ownership); fixed once the topic exists");
    public static final Setting<Integer> CLUSTER_REPLICATION = integer("cluster.replication-factor", 3, 1, 32,
            "Replicas of every cluster topic created by the gateway (3 brokers in production)");
    public static final Setting<Integer> CLUSTER_MIN_ISR = integer("cluster.min-insync-replicas", 2, 1, 32,
            "min.insync.replicas of the cluster topics: replicas that must have a pack before it is acknowledged");
    public static final Setting<String> CLUSTER_GROUP = str("cluster.group-id", "homeward-processing",
            "Kafka consumer group of the processing nodes (partition ownership)");
    public static final Setting<String> CLUSTER_TOPIC_READINGS = str("cluster.topics.readings", "homeward.readings",
            "Readings topic, keyed by patient pseudonym: the journal of the patients of each partition");
    public static final Setting<String> CLUSTER_TOPIC_PATIENTS = str("cluster.topics.patients", "homeward.patients",
            "Compacted topic of patient snapshots published by their owners (cluster-wide view)");
    public static final Setting<String> CLUSTER_TOPIC_ALARMS = str("cluster.topics.alarms", "homeward.alarm-state",
            "Compacted topic of the latest value of every alarm (cluster-wide view)");
    public static final Setting<String> CLUSTER_TOPIC_COMMANDS = str("cluster.topics.commands", "homeward.commands",
            "Topic of nurse commands (acknowledge, shelve) for the owning node, and their results");
    public static final Setting<String> CLUSTER_TOPIC_REGISTRY = str("cluster.topics.registry", "homeward.registry",
            "Compacted topic of the shared registry (patients, devices, users, thresholds)");
    public static final Setting<Duration> CLUSTER_READINGS_RETENTION = duration("cluster.readings-retention", "30d", "1h",
            "3650d", "How long the readings topic keeps packs; a new owner rebuilds state from what is kept");
    public static final Setting<Duration> CLUSTER_ACK_TIMEOUT = duration("cluster.ack-timeout", "10s", "1s", "2m",
            "Longest wait for Kafka to take a pack (delivery.timeout.ms); after it the device is refused, not acknowledged");
    public static final Setting<Duration> CLUSTER_COMMAND_TIMEOUT = duration("cluster.command-timeout", "5s", "500ms", "1m",
            "Longest wait for the owning node to answer an acknowledge or shelve made on another node (then 503)");
    // ---- take-over from a checkpoint (issue 13 seam 2, docs/cluster.md "Take-over from a checkpoint") ----
    public static final Setting<String> CLUSTER_TOPIC_CHECKPOINTS = str("cluster.topics.checkpoints", "homeward.checkpoints",
            "Compacted topic of partition checkpoints: a new owner replays a checkpoint plus the readings tail");
    public static final Setting<Duration> CLUSTER_CHECKPOINT_INTERVAL = duration("cluster.checkpoint-interval", "60s",
            "1s", "1h", "How often an owner writes its partitions' checkpoints (and on a clean revoke)");
    public static final Setting<Duration> CLUSTER_CHECKPOINT_LOOKBACK = duration("cluster.checkpoint-lookback", "6h",
            "3h", "30d", "Readings a take-over replays before the checkpoint; at least the longest rule window (3 h reorder horizon)");
    public static final Setting<String> CLUSTER_SECURITY = choice("cluster.kafka.security-protocol", "PLAINTEXT",
            List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
            "Kafka security.protocol; the production profile requires SSL or SASL_SSL");
    public static final Setting<String> CLUSTER_SASL_MECHANISM = choice("cluster.kafka.sasl.mechanism", "SCRAM-SHA-512",
            List.of("SCRAM-SHA-256", "SCRAM-SHA-512"), "SASL mechanism with SASL_PLAINTEXT or SASL_SSL");
    public static final Setting<String> CLUSTER_SASL_USER = str("cluster.kafka.sasl.username", "",
            "SCRAM user name of this node; required with SASL_*");
    public static final Setting<Path> CLUSTER_SASL_PASSWORD_FILE = path("cluster.kafka.sasl.password-file", "",
            "File holding the SCRAM password (first line; never in the YAML); required with SASL_*");
    public static final Setting<Path> CLUSTER_SSL_TRUST = path("cluster.kafka.ssl.truststore", "",
            "CA certificates (PEM) trusted for the brokers; empty = the JVM's trust store");
    public static final Setting<Path> CLUSTER_SSL_KEYSTORE = path("cluster.kafka.ssl.keystore", "",
            "Client private key (PKCS#8, unencrypted) and certificate chain in one PEM file, for mutual TLS; empty = none");
    public static final Setting<Boolean> CLUSTER_SSL_HOSTNAME = bool("cluster.kafka.ssl.verify-hostname", true,
            "Check that the broker certificate names the broker host (ssl.endpoint.identification.algorithm=https)");
    public static final Setting<Long> CLUSTER_REGISTRY_MAX_BYTES = bytes("cluster.registry.max-bytes", "32MiB", "64KiB",
            "256MiB", "Largest registry document (JSON, about 1 KB per patient with 3 devices) a node writes or applies;"
            + " the same on every node");

    /** All settings by key, in documentation order. */
    public static final Map<String, Setting<?>> ALL = index(GATEWAY_ID, DATA_DIR, PROFILE,
            MQTT_ENABLED, MQTT_HOST, MQTT_PORT, MQTT_TLS_ENABLED, MQTT_TLS_PORT, MQTT_TLS_CERT, MQTT_TLS_KEY,
            MQTT_TLS_CLIENT_CA, MQTT_TLS_CLIENT_AUTH, MQTT_CONNECT_TIMEOUT, MQTT_MAX_PACKET, MQTT_MAX_CONNECTIONS, MQTT_MAX_UNAUTHENTICATED_PER_ADDRESS, MQTT_RECEIVE_MAXIMUM,
            COAP_ENABLED, COAP_PORT, COAPS_ENABLED, COAPS_PORT, COAPS_MAX_CONNECTIONS, COAPS_MAX_UNAUTHENTICATED_PER_ADDRESS,
            COAP_HOST,
            COAPS_X509_ENABLED, COAPS_X509_CERT, COAPS_X509_KEY, COAPS_X509_CLIENT_CA, COAPS_X509_CLIENT_AUTH,
            TLS_PROVIDER,
            HTTP_ENABLED, HTTP_HOST, HTTP_PORT, HTTP_TLS_ENABLED, HTTP_TLS_CERT, HTTP_TLS_KEY, HTTP_SECURE_COOKIES, HTTP_SESSION_TTL, HTTP_MAX_BODY, HTTP_OPEN_METRICS, FD_RESERVE, HTTP_MAX_CONNECTIONS, HTTP_MAX_PER_ADDRESS, HTTP_REQUEST_TIMEOUT,
            INGEST_MAX_PAYLOAD, INGEST_MAX_RECORDS, INGEST_FUTURE_SKEW, INGEST_LATE_AFTER,
            INGEST_DEVICE_RATE, INGEST_DEVICE_BURST, AUTH_BACKOFF_AFTER, AUTH_BACKOFF_INITIAL, AUTH_BACKOFF_MAX,
            JOURNAL_SEGMENT, JOURNAL_QUEUE, JOURNAL_MAX_BYTES, JOURNAL_FSYNC, JOURNAL_RETENTION, JOURNAL_RETENTION_CHECK,
            SHARDS, SHARD_QUEUE, SHARD_READ_BATCH, SHARD_PUBLISH_INTERVAL, SHARD_LAG_ALARM, HISTORY, REORDER_HORIZON,
            FHIR_ENABLED, FHIR_BASE_URL, FHIR_BEARER, FHIR_OAUTH2_TOKEN_URL, FHIR_OAUTH2_CLIENT_ID, FHIR_OAUTH2_SCOPE,
            FHIR_OAUTH2_KEY, FHIR_OAUTH2_ALGORITHM, FHIR_OAUTH2_KEY_ID, FHIR_TLS_TRUST, FHIR_TLS_CLIENT_CERT,
            FHIR_TLS_CLIENT_KEY, MQTT_FWD_ENABLED, MQTT_FWD_URI, MQTT_FWD_TOPIC,
            MQTT_FWD_ALARM_TOPIC, MQTT_FWD_USER, MQTT_FWD_PASSWORD,
            KAFKA_ENABLED, KAFKA_BOOTSTRAP, KAFKA_TOPIC, KAFKA_ALARMS_TOPIC, FORWARD_BATCH,
            FORWARD_BACKOFF_INITIAL, FORWARD_BACKOFF_MAX,
            CLINICAL_ZONE, CLINICAL_FEVER, CLINICAL_FEVER_CLEAR, CLINICAL_SPO2_LOW, CLINICAL_SPO2_CLEAR,
            CLINICAL_MOTION_MAX_HOLD, CLINICAL_MOTION_POOR_SIGNAL, CLINICAL_NEWS2_SPO2_CONFIRM, CLINICAL_UPLOAD_ONLY_KINDS,
            ALARM_WEBHOOK,
            REGISTRY_POLL, AUDIT_MAX_FILE,
            CLUSTER_ENABLED, CLUSTER_NODE_ID, CLUSTER_BOOTSTRAP, CLUSTER_PARTITIONS, CLUSTER_REPLICATION, CLUSTER_MIN_ISR,
            CLUSTER_GROUP, CLUSTER_TOPIC_READINGS, CLUSTER_TOPIC_PATIENTS, CLUSTER_TOPIC_ALARMS, CLUSTER_TOPIC_COMMANDS,
            CLUSTER_TOPIC_REGISTRY, CLUSTER_READINGS_RETENTION, CLUSTER_ACK_TIMEOUT, CLUSTER_COMMAND_TIMEOUT,
            CLUSTER_SECURITY, CLUSTER_SASL_MECHANISM, CLUSTER_SASL_USER, CLUSTER_SASL_PASSWORD_FILE,
            CLUSTER_SSL_TRUST, CLUSTER_SSL_KEYSTORE, CLUSTER_SSL_HOSTNAME, CLUSTER_REGISTRY_MAX_BYTES,
            CLUSTER_TOPIC_CHECKPOINTS, CLUSTER_CHECKPOINT_INTERVAL, CLUSTER_CHECKPOINT_LOOKBACK);

    private GatewaySettings() {
    }

    private static Map<String, Setting<?>> index(Setting<?>... settings) {
        Map<String, Setting<?>> m = new LinkedHashMap<>();
        for (Setting<?> s : settings) {
            if (m.put(s.key(), s) != null) {
                throw new IllegalStateException("duplicate setting " + s.key());
            }
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
