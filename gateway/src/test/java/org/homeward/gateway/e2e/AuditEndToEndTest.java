package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.GatewayMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who saw and did what: sign-ins, failed sign-ins and every view of patient data leave lines in
 * the hash-chained audit log (pseudonyms only, never a typed password); an admin reads it and its
 * verification over {@code /api/audit}, a nurse may not; {@code audit verify} on the command line
 * detects an edited entry and exits non-zero.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class AuditEndToEndTest {
    static final Path SHIPPED = Path.of(System.getProperty("homeward.repo.root", "..")).resolve("config/gateway.yaml");
    static final String ADMIN = "admin1";
    static final String ADMIN_PASSWORD = "admin1-password";
    @TempDir
    static Path dir;
    GatewayFixture gw;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayFixture(dir);
        gw.admin.addUser(ADMIN, "admin", ADMIN_PASSWORD.toCharArray(), "test");
        gw.patient("p-aud");
        gw.device("d-aud", "p-aud", "patch");
        gw.start(Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    private Path auditFile() {
        return dir.resolve("audit/audit.log");
    }

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port("http") + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> login(String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port("http") + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=" + user + "&password=" + password))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(auditFile())) {
            out.add(GatewayFixture.JSON.readTree(l));
        }
        return out;
    }

    private boolean has(String actor, String action, String detailKey, String detailValue) throws Exception {
        return lines().stream().anyMatch(n -> n.path("actor").asText().equals(actor)
                && n.path("action").asText().equals(action)
                && (detailKey == null || n.path("details").path(detailKey).asText().equals(detailValue)));
    }

    @Test
    void signInsFailuresAndEveryPatientViewAreAuditedAndOnlyAnAdminReadsTheLog() throws Exception {
        assertThat(login(GatewayFixture.NURSE, GatewayFixture.NURSE_PASSWORD).headers().allValues("Set-Cookie"))
                .anyMatch(c -> c.startsWith("hw_session="));
        login(GatewayFixture.NURSE, "wrong-password-1");
        login("Hunter2-typed-in-the-user-field!", "x");
        assertThat(gw.get("/api/patients", true).statusCode()).isEqualTo(200);
        assertThat(gw.get("/api/patients/p-aud", true).statusCode()).isEqualTo(200);
        assertThat(gw.get("/api/patients/p-aud/vitals", true).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(has(GatewayFixture.NURSE, "signin", "via", "form")).isTrue();
            assertThat(has(GatewayFixture.NURSE, "signin.failed", "reason", "bad_credentials")).isTrue();
            assertThat(has("(unrecognised)", "signin.failed", null, null)).isTrue();
            assertThat(has(GatewayFixture.NURSE, "view.patients", null, null)).isTrue();
            assertThat(has(GatewayFixture.NURSE, "view.patient", "patient", "p-aud")).isTrue();
            assertThat(has(GatewayFixture.NURSE, "view.vitals", "patient", "p-aud")).isTrue();
        });
        assertThat(Files.readString(auditFile())).doesNotContain("Hunter2").doesNotContain("wrong-password");

        HttpResponse<String> nurse = gw.get("/api/audit?verify=true", true);
        assertThat(nurse.statusCode()).isEqualTo(403);
        assertThat(nurse.body()).doesNotContain("signin");

        HttpResponse<String> admin = get("/api/audit?verify=true&limit=500", ADMIN, ADMIN_PASSWORD);
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
        JsonNode body = GatewayFixture.JSON.readTree(admin.body());
        assertThat(body.path("verification").path("ok").asBoolean()).isTrue();
        assertThat(body.path("entries")).anyMatch(e -> e.path("action").asText().equals("view.vitals"));
        assertThat(body.path("entries")).anyMatch(e -> e.path("action").asText().equals("device.add"));
        assertThat(get("/api/audit?verify=maybe", ADMIN, ADMIN_PASSWORD).statusCode()).isEqualTo(400);
    }

    @Test
    void theCliAndTheApiDetectAnEditedEntry() throws Exception {
        assertThat(gw.get("/api/patients/p-aud", true).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> has(GatewayFixture.NURSE, "view.patient", "patient", "p-aud"));
        String[] intact = cli("audit", "verify", "--config", SHIPPED.toString(), "--set", "data.dir=" + dir);
        assertThat(intact[0]).as(intact[1]).isEqualTo("0");
        assertThat(GatewayFixture.JSON.readTree(intact[1]).path("ok").asBoolean()).isTrue();

        // someone with disk access hides that they looked at p-aud: edit one line, keep its hash
        List<String> raw = new ArrayList<>(Files.readAllLines(auditFile()));
        int edited = -1;
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i).contains("\"view.patient\"")) {
                raw.set(i, raw.get(i).replace("\"p-aud\"", "\"p-other\""));
                edited = i + 1;
                break;
            }
        }
        assertThat(edited).isPositive();
        Files.write(auditFile(), raw);

        String[] broken = cli("audit", "verify", "--config", SHIPPED.toString(), "--set", "data.dir=" + dir);
        assertThat(broken[0]).as(broken[1]).isEqualTo("3");
        JsonNode v = GatewayFixture.JSON.readTree(broken[1]);
        assertThat(v.path("ok").asBoolean()).isFalse();
        assertThat(v.path("badLine").asInt()).isEqualTo(edited);

        JsonNode api = GatewayFixture.JSON.readTree(get("/api/audit?verify=true", ADMIN, ADMIN_PASSWORD).body());
        assertThat(api.path("verification").path("ok").asBoolean()).isFalse();
        assertThat(api.path("verification").path("badLine").asInt()).isEqualTo(edited);
    }

    /** Runs the real command line in-process; returns {exit code, stdout}. */
    private static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GatewayMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString() + err};
    }
}
