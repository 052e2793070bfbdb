package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.homeward.gateway.GatewayMain;
import org.homeward.gateway.device.RegistryStore;
import org.homeward.gateway.files.PrivateFiles;
import org.homeward.gateway.forward.kafka.KafkaTestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two whole gateways in cluster mode on one real KRaft broker share one registry: a device
 * registered through node A's admin API connects to node B; a device revoked with the command line
 * (cluster settings, its own data directory holding only the master key) is cut off on node B; a
 * nurse's session cookie from node A is accepted by node B, a tampered one is not.
 */
@Timeout(300)
class ClusterRegistryEndToEndTest {
    static final String ADMIN = "admin1";
    static final String ADMIN_PASSWORD = "admin1-password";
    static KafkaTestBroker broker;

    @TempDir
    static Path brokerDir;
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaTestBroker(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    static Map<String, String> cluster(String nodeId) {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("cluster.enabled", "true");
        set.put("cluster.node-id", nodeId);
        set.put("cluster.kafka.bootstrap-servers", broker.bootstrap());
        set.put("cluster.replication-factor", "1");
        set.put("cluster.min-insync-replicas", "1");
        set.put("cluster.partitions", "3");
        return set;
    }

    @Test
    void aDeviceRegisteredOnNodeAConnectsToNodeBACommandLineRevokeCutsItOffAndSessionsMoveBetweenNodes() throws Exception {
        GatewayFixture a = new GatewayFixture(dir.resolve("a"));
        a.admin.addUser(ADMIN, "admin", ADMIN_PASSWORD.toCharArray(), "test"); // node A's local registry seeds the empty topic
        GatewayFixture b = new GatewayFixture(dir.resolve("b"));
        Path key = new RegistryStore(dir.resolve("a")).masterKeyFile();
        Files.copy(key, new RegistryStore(dir.resolve("b")).masterKeyFile(), StandardCopyOption.REPLACE_EXISTING);
        Path cliDir = dir.resolve("cli");
        PrivateFiles.createDirectories(new RegistryStore(cliDir).masterKeyFile().getParent());
        Files.copy(key, new RegistryStore(cliDir).masterKeyFile());
        List<MqttClient> clients = new ArrayList<>();
        try (a; b) {
            a.start(cluster("a"));
            b.start(cluster("b"));

            assertThat(adminPost(a, "/api/admin/patients", "{\"patient\":\"p-1\",\"infusionDate\":\""
                    + LocalDate.now().minusDays(2) + "\"}").statusCode()).isEqualTo(201);
            long asked = System.nanoTime();
            HttpResponse<String> added = adminPost(a, "/api/admin/devices",
                    "{\"device\":\"d-1\",\"patient\":\"p-1\",\"kind\":\"oximeter\"}");
            long answered = System.nanoTime();
            assertThat(added.statusCode()).isEqualTo(201);
            String secret = GatewayFixture.JSON.readTree(added.body()).path("secret").asText();

            double version = gauge(a, "homeward_cluster_registry_version");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> gauge(b, "homeward_cluster_registry_version") >= version);
            long inForce = System.nanoTime();
            clients.add(b.paho("d-1", secret)); // first try: no retry (a refused try would also start the auth back-off)
            System.out.printf("cluster registry e2e: device add on node A's admin API answered in %d ms; in force on"
                            + " node B %d ms after the add began (%d ms after A answered)%n",
                    (answered - asked) / 1_000_000, (inForce - asked) / 1_000_000, (inForce - answered) / 1_000_000);
            assertThat(version).isEqualTo(3); // seed (A's users), the patient, the device

            List<String> cliArgs = new ArrayList<>(List.of("devices", "revoke", "--device", "d-1", "--config",
                    AuditEndToEndTest.SHIPPED.toString(), "--set", "data.dir=" + cliDir));
            cluster("admin-host").forEach((k, v) -> cliArgs.addAll(List.of("--set", k + "=" + v)));
            String[] cli = cli(cliArgs.toArray(String[]::new));
            assertThat(cli[0]).as(cli[1]).isEqualTo("0");
            await().atMost(Duration.ofSeconds(10)).until(() -> !clients.get(0).isConnected());
            assertThatThrownBy(() -> b.paho("d-1", secret)).isInstanceOf(MqttException.class);
            JsonNode devices = adminGet(a, "/api/admin/devices");
            assertThat(devices.path("devices").get(0).path("state").asText()).isEqualTo("revoked");
            assertThat(Files.exists(new RegistryStore(cliDir).file())).as("the command line wrote no local registry").isFalse();

            // a nurse signed in on A keeps her session on B (A "died"; the load balancer sends her to B)
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port("http")
                    + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=" + GatewayFixture.NURSE + "&password="
                            + GatewayFixture.NURSE_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
            String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("hw_session="))
                    .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
            assertThat(withCookie(b, cookie).statusCode()).isEqualTo(200);
            String tampered = cookie.substring(0, cookie.length() - 3) + (cookie.endsWith("AAA") ? "BBB" : "AAA");
            assertThat(withCookie(b, tampered).statusCode()).isEqualTo(401);
        } finally {
            for (MqttClient c : clients) {
                c.close(true);
            }
        }
    }

    private HttpResponse<String> adminPost(GatewayFixture g, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port("http") + path))
                .timeout(Duration.ofSeconds(40)).header("Content-Type", "application/json").header("Authorization", basic())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> withCookie(GatewayFixture g, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port("http") + "/api/patients"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode adminGet(GatewayFixture g, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port("http") + path))
                .timeout(Duration.ofSeconds(40)).header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return GatewayFixture.JSON.readTree(r.body());
    }

    /** An untagged gauge's value from {@code /metrics} (NaN when absent). */
    private static double gauge(GatewayFixture g, String name) throws Exception {
        for (String line : g.get("/metrics", false).body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    private static String basic() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GatewayMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString() + err};
    }
}
