package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What hospital IT checks before go-live, with the real tools: Prometheus' {@code promtool} accepts
 * a real {@code /metrics} scrape of a gateway that has seen traffic (HELP on every meter) and the
 * shipped alert rules; the dashboard and rules name only meters the gateway exports; the systemd
 * unit passes {@code systemd-analyze verify}; {@code /health/live} and {@code /health/ready}
 * answer the local probe without a login even with management closed ({@code http.open-management=false}).
 * A test whose tool is missing is skipped locally; under CI ({@code CI} set) it fails instead,
 * since scripts/install-test-deps.sh installs them.
 */
@Timeout(120)
class OperationsEndToEndTest {
    static final Path REPO = Path.of(System.getProperty("homeward.repo.root", ".."));
    @TempDir
    Path dir;

    @Test
    void givenAGatewayWithTrafficWhenItsMetricsAreScrapedThenPromtoolAcceptsThem() throws Exception {
        requireTool("promtool");
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-ops-1");
            String secret = gw.device("d-ops-1", "p-ops-1", "oximeter");
            // an MQTT forwarder to a closed port: its meters exist while it retries
            gw.start(Map.of("forward.mqtt.enabled", "true", "forward.mqtt.uri", "tcp://127.0.0.1:9"));
            MqttClient c = gw.paho("d-ops-1", secret);
            c.publish("v1/devices/d-ops-1/senml",
                    "[{\"bn\":\"urn:dev:d-ops-1:\",\"n\":\"spo2\",\"u\":\"/\",\"v\":0.96}]".getBytes(StandardCharsets.UTF_8), 1, false);
            c.disconnect();
            c.close();
            try {
                gw.paho("d-ops-1", "wrong-secret").close();
            } catch (org.eclipse.paho.client.mqttv3.MqttException expected) {
                // an authentication failure: one more meter
            }
            gw.getJson("/api/patients");
            String scrape = gw.get("/metrics", false).body();

            Run r = run(scrape, "promtool", "check", "metrics");

            assertThat(r.exit).as(r.output).isZero();
            assertThat(r.output).isEmpty();
            for (String name : List.of("homeward_ingest_readings_total", "homeward_auth_failures_total",
                    "homeward_forward_backlog_entries", "homeward_http_requests_total")) {
                assertThat(scrape).contains("# HELP " + name + " ");
            }
            assertThat(unknownHomewardNames(scrape)).isEmpty();
            // the dashboard and the alert rules use the exported names (suffixes included); the
            // only ones this scrape lacks are counters registered on their first failure
            String opsFiles = Files.readString(REPO.resolve("ops/prometheus/alerts.yml"))
                    + Files.readString(REPO.resolve("ops/grafana/homeward.json"));
            assertThat(notIn(scrape, opsFiles)).isSubsetOf("homeward_journal_refused_total",
                    "homeward_audit_failures_total", "homeward_ingest_records_rejected_total",
                    "homeward_gateway_technical_alarm", "homeward_live_viewers");
        }
    }

    @Test
    void givenTheShippedAlertRulesThenPromtoolAcceptsThemAndTheyAndTheDashboardNameOnlyExportedMeters() throws Exception {
        requireTool("promtool");
        Path rules = REPO.resolve("ops/prometheus/alerts.yml");

        Run r = run("", "promtool", "check", "rules", rules.toString());

        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("SUCCESS");
        String dashboard = Files.readString(REPO.resolve("ops/grafana/homeward.json"));
        JsonNode d = GatewayFixture.JSON.readTree(dashboard);
        assertThat(d.path("panels").size()).isGreaterThan(10);
        assertThat(unknownHomewardNames(Files.readString(rules) + dashboard)).isEmpty();
    }

    @Test
    void givenTheShippedSystemdUnitThenSystemdAnalyzeVerifiesIt() throws Exception {
        requireTool("systemd-analyze");
        Path unit = REPO.resolve("ops/systemd/homeward.service");

        Run r = run("", "systemd-analyze", "verify", unit.toAbsolutePath().toString());

        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).as("no warnings either").isBlank();
        assertThat(Files.readString(unit)).contains("User=homeward", "ProtectSystem=strict", "NoNewPrivileges=yes",
                "ReadWritePaths=/var/lib/homeward");
    }

    @Test
    void givenManagementClosedWhenTheLocalProbeAsksThenLiveAndReadyAnswerWithoutLoginButMetricsNeedOne()
            throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.start(Map.of("http.open-management", "false"));

            var live = gw.get("/health/live", false);
            var ready = gw.get("/health/ready", false);

            assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
            assertThat(GatewayFixture.JSON.readTree(live.body()).path("status").asText()).isEqualTo("UP");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            JsonNode details = GatewayFixture.JSON.readTree(ready.body()).path("details");
            assertThat(details.path("journal").path("full").asBoolean()).isFalse();
            assertThat(details.path("disk").path("ok").asBoolean()).isTrue();
            assertThat(details.path("disk").path("usableBytes").asLong()).isPositive();
            assertThat(details.path("forwarders").isArray()).isTrue();
            assertThat(gw.get("/health", false).statusCode()).isEqualTo(200);
            assertThat(gw.get("/metrics", false).statusCode()).isEqualTo(401);
            assertThat(gw.get("/metrics", true).statusCode()).isEqualTo(200);
        }
    }

    /** {@code homeward_*} names in {@code text} that no meter of {@link Meters} exports (unit and type suffixes allowed). */
    static Set<String> unknownHomewardNames(String text) {
        List<String> known = new ArrayList<>();
        Meters.HELP.keySet().forEach(n -> known.add(n.replace('.', '_')));
        Set<String> unknown = new TreeSet<>();
        Matcher m = Pattern.compile("homeward_[a-z0-9_]+").matcher(text);
        while (m.find()) {
            String name = m.group();
            if (known.stream().noneMatch(k -> name.equals(k) || name.startsWith(k + "_"))) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** {@code homeward_*} names used in {@code text} that the scrape does not export (histogram series allowed). */
    static Set<String> notIn(String scrape, String text) {
        Set<String> exported = new TreeSet<>();
        Matcher t = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(scrape);
        while (t.find()) {
            exported.add(t.group(1));
        }
        Set<String> missing = new TreeSet<>();
        Matcher m = Pattern.compile("homeward_[a-z0-9_]+").matcher(text);
        while (m.find()) {
            String name = m.group();
            if (!exported.contains(name) && !exported.contains(name.replaceFirst("_(bucket|count|sum)$", ""))) {
                missing.add(name);
            }
        }
        return missing;
    }

    record Run(int exit, String output) {
    }

    static Run run(String stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** Skips when the tool is missing here; fails under CI, whose install step provides it. */
    static void requireTool(String tool) throws IOException, InterruptedException {
        boolean present = new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError(tool + " is missing under CI: scripts/install-test-deps.sh installs it");
        }
        assumeTrue(present, tool + " is not installed (scripts/install-test-deps.sh installs it)");
    }
}
