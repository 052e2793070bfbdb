package org.homeward.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.homeward.gateway.Gateway;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.config.ConfigLoader;
import org.homeward.gateway.device.RegistryAdmin;
import org.homeward.gateway.device.RegistryStore;

/**
 * A whole gateway in this JVM on ephemeral ports and a temporary data directory, with a registry
 * filled through the same code the CLI uses. For end-to-end tests with real clients.
 */
final class GatewayFixture implements AutoCloseable {
    static final String NURSE = "nurse1";
    static final String NURSE_PASSWORD = "nurse1-password";
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dataDir;
    final RegistryAdmin admin;
    private HttpClient http = newClient();
    private Gateway gateway;
    private int externalHttpPort = -1;
    private Map<String, Integer> stoppedPorts = Map.of();
    private Clock clock = Clock.systemUTC();

    GatewayFixture(Path dataDir) {
        this.dataDir = dataDir;
        this.admin = new RegistryAdmin(new RegistryStore(dataDir), new AuditLog(dataDir.resolve("audit/audit.log")),
                Clock.systemUTC());
        admin.addUser(NURSE, "nurse", NURSE_PASSWORD.toCharArray(), "test");
    }

    /** Registers a patient (infused 3 days ago) and returns nothing; ids are pseudonyms. */
    void patient(String patientId) {
        admin.addPatient(patientId, LocalDate.now().minusDays(3).toString(), "axi-cel", "", "test");
    }

    /** Registers a patient with a local display label, infused {@code daysAgo} days ago. */
    void patient(String patientId, String displayLabel, int daysAgo) {
        admin.addPatient(patientId, LocalDate.now().minusDays(daysAgo).toString(), "axi-cel", displayLabel, "test");
    }

    /** Registers a device and returns its secret. */
    String device(String deviceId, String patientId, String kind) {
        return admin.addDevice(deviceId, patientId, kind, "test");
    }

    /** The clock the gateway started next runs on (the system clock unless set). */
    GatewayFixture withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    GatewayFixture start(Map<String, String> extra) throws Exception {
        return start(null, extra);
    }

    /** Starts from a settings file (e.g. the shipped production profile) plus the test's overrides. */
    GatewayFixture start(Path configFile, Map<String, String> extra) throws Exception {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("data.dir", dataDir.toString());
        set.put("mqtt.port", "0");
        set.put("coaps.port", "0");
        set.put("http.port", "0");
        set.put("mqtt.host", "127.0.0.1");
        set.put("coap.host", "127.0.0.1");
        set.put("http.host", "127.0.0.1");
        set.put("registry.poll-interval", "200ms");
        set.putAll(extra);
        gateway = Gateway.start(ConfigLoader.load(configFile, set, Map.of()), clock);
        return this;
    }

    /** Stops the gateway (as {@link #close()}) and remembers its ports for {@link #startAgainOnSamePorts}. */
    void stop() {
        stoppedPorts = Map.copyOf(gateway.ports());
        gateway.close();
        gateway = null;
    }

    /**
     * Starts the gateway again on the same data directory and the same MQTT and HTTP ports as
     * before {@link #stop()}, retrying while the old sockets are still being released.
     */
    GatewayFixture startAgainOnSamePorts(Map<String, String> extra) {
        // a fresh client: a keep-alive connection pooled from the old gateway must not carry the first request
        // to the new one (one such GET hung until its 20 s time-out in a loaded full run)
        http = newClient();
        Map<String, String> same = new LinkedHashMap<>(extra);
        same.put("mqtt.port", String.valueOf(stoppedPorts.get("mqtt")));
        same.put("http.port", String.valueOf(stoppedPorts.get("http")));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> {
                    start(same);
                    return true;
                });
        return this;
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A client-only fixture for a gateway running elsewhere (a child JVM). */
    static GatewayFixture forRunning(int httpPort) {
        GatewayFixture f = new GatewayFixture();
        f.externalHttpPort = httpPort;
        return f;
    }

    private GatewayFixture() {
        this.dataDir = null;
        this.admin = null;
    }

    int port(String name) {
        if (gateway == null && stoppedPorts.containsKey(name)) {
            return stoppedPorts.get(name);
        }
        if (gateway == null && "http".equals(name)) {
            return externalHttpPort;
        }
        return gateway.ports().get(name);
    }

    /** GET with the nurse's Basic credentials; returns the parsed JSON body. */
    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path, true);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    HttpResponse<String> get(String path, boolean authenticated) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("http") + path))
                .timeout(Duration.ofSeconds(20));
        if (authenticated) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (NURSE + ":" + NURSE_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST of a JSON body with the nurse's Basic credentials. */
    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("http") + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (NURSE + ":" + NURSE_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A Paho MQTT 3.1.1 client connected to the plain listener as {@code device}; throws if refused. */
    org.eclipse.paho.client.mqttv3.MqttClient paho(String device, String secret)
            throws org.eclipse.paho.client.mqttv3.MqttException {
        var c = new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:" + port("mqtt"),
                "c-" + device + "-" + System.nanoTime(), new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        var o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setUserName(device);
        o.setPassword(secret.toCharArray());
        o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(20);
        c.setTimeToWait(20_000);
        try {
            c.connect(o);
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            c.close(true);
            throw e;
        }
        return c;
    }

    /** Latest value of a vital of a patient from {@code /api/patients}, or NaN if none yet. */
    double latest(String patientId, String vital) throws IOException, InterruptedException {
        for (JsonNode p : getJson("/api/patients").path("patients")) {
            if (p.path("pseudonym").asText().equals(patientId)) {
                JsonNode v = p.path("latest").path(vital).path("value");
                return v.isNumber() ? v.asDouble() : Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** Sum of a Prometheus counter's samples whose label text contains every given fragment. */
    double metric(String name, String... labelFragments) throws IOException, InterruptedException {
        double sum = 0;
        for (String line : get("/metrics", false).body().split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String f : labelFragments) {
                all &= line.contains(f);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
