package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands to devices with a time-to-live (issue 16 item 2), end to end on the real gateway with real
 * clients: the nurse API queues, a Paho MQTT 5 device receives expiry, correlation data and response
 * topic and answers; an offline device gets its command on reconnect and never after it expired; an
 * MQTT 3.1.1 device answers with the id from the payload; another device cannot answer; a CoAP
 * device (coap-client-openssl over DTLS PSK) finds the command in the 2.04 of its reading and answers
 * at {@code /v1/commands/response}; a queued command survives a restart. Before this change nothing
 * called {@code MqttServer.publishCommand} and these routes did not exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class DeviceCommandsEndToEndTest {
    static final String BP = "{\"command\":\"measure\",\"vital\":\"blood-pressure\",\"ttlSeconds\":%d}";
    @TempDir
    static Path dir;
    GatewayFixture gw;
    final Map<String, String> secrets = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayFixture(dir);
        for (String[] d : new String[][] {{"d-cmd-cuff1", "p-cmd-1", "bp-cuff"}, {"d-cmd-cuff2", "p-cmd-2", "bp-cuff"},
                {"d-cmd-cuff3", "p-cmd-3", "bp-cuff"}, {"d-cmd-cuff4", "p-cmd-4", "bp-cuff"},
                {"d-cmd-patch1", "p-cmd-1", "patch"}, {"d-cmd-cuff5", "p-cmd-5", "bp-cuff"},
                {"d-cmd-cuff6", "p-cmd-6", "bp-cuff"}, {"d-cmd-cuff7", "p-cmd-7", "bp-cuff"}}) {
            gw.patient(d[1]);
            secrets.put(d[0], gw.device(d[0], d[1], d[2]));
        }
        gw.start(Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    @Test
    void givenAnOnlineMqtt5CuffWhenTheNurseAsksThenItGetsExpiryCorrelationAndResponseTopicAndItsAnswerIsShown()
            throws Exception {
        try (CommandCuff cuff = cuff("d-cmd-cuff1", true)) {
            BlockingQueue<MqttMessage> got = cuff.got;
            JsonNode queued = send("p-cmd-1", "d-cmd-cuff1", 300);
            assertThat(queued.path("state").asText()).isIn("queued", "delivered");
            String id = queued.path("id").asText();
            MqttMessage m = got.poll(30, TimeUnit.SECONDS);
            assertThat(m).as("command received").isNotNull();
            MqttProperties p = m.getProperties();
            assertThat(m.getQos()).isEqualTo(1);
            assertThat(p.getMessageExpiryInterval()).isBetween(1L, 300L);
            assertThat(new String(p.getCorrelationData(), StandardCharsets.UTF_8)).isEqualTo(id);
            assertThat(p.getResponseTopic()).isEqualTo("v1/devices/d-cmd-cuff1/commands/response");
            JsonNode payload = GatewayFixture.JSON.readTree(m.getPayload());
            assertThat(payload.path("id").asText()).isEqualTo(id);
            assertThat(payload.path("command").asText()).isEqualTo("measure");
            assertThat(payload.path("vital").asText()).isEqualTo("blood-pressure");
            await().atMost(Duration.ofSeconds(30)).until(() -> state("p-cmd-1", id).equals("delivered"));

            String answer = "{\"status\":\"done\",\"detail\":\"measured 121/79\"}";
            IMqttToken t = cuff.answer(p.getResponseTopic(), answer, p.getCorrelationData());
            assertThat(t.getReasonCodes()).containsExactly(0);
            JsonNode shown = command("p-cmd-1", id);
            assertThat(shown.path("state").asText()).isEqualTo("answered");
            assertThat(shown.path("detail").asText()).isEqualTo("measured 121/79");
            assertThat(shown.path("requestedBy").asText()).isEqualTo(GatewayFixture.NURSE);

            IMqttToken again = cuff.answer(p.getResponseTopic(), answer, p.getCorrelationData());
            assertThat(again.getReasonCodes()).as("a second answer comes too late").containsExactly(0x83);
            await().atMost(Duration.ofSeconds(30)).until(() -> audit().contains("\"command.answered\""));
            assertThat(audit()).contains("\"command.queued\"", "\"command.delivered\"");
        }
    }

    @Test
    void givenAnOfflineCuffThenItGetsTheCommandOnReconnectAndAnExpiredOneNever() throws Exception {
        String expiring = send("p-cmd-2", "d-cmd-cuff2", 10).path("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> state("p-cmd-2", expiring).equals("expired"));
        String kept = send("p-cmd-2", "d-cmd-cuff2", 600).path("id").asText();

        try (CommandCuff cuff = cuff("d-cmd-cuff2", true)) {   // subscribes: what was kept comes now
            BlockingQueue<MqttMessage> got = cuff.got;
            MqttMessage first = got.poll(30, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(new String(first.getProperties().getCorrelationData(), StandardCharsets.UTF_8)).isEqualTo(kept);
            String fresh = send("p-cmd-2", "d-cmd-cuff2", 300).path("id").asText();
            MqttMessage second = got.poll(30, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            assertThat(new String(second.getProperties().getCorrelationData(), StandardCharsets.UTF_8))
                    .as("the expired command was never sent: the next message is the fresh one").isEqualTo(fresh);
            assertThat(got).isEmpty();
            assertThat(command("p-cmd-2", expiring).path("detail").asText()).contains("time-to-live");
        }
    }

    @Test
    void givenAnMqtt311CuffThenTheIdIsInThePayloadAndItsAnswerCounts() throws Exception {
        var cuff = gw.paho("d-cmd-cuff3", secrets.get("d-cmd-cuff3"));
        BlockingQueue<org.eclipse.paho.client.mqttv3.MqttMessage> got = new LinkedBlockingQueue<>();
        try {
            cuff.subscribe("v1/devices/d-cmd-cuff3/commands", 1, (topic, msg) -> got.add(msg));
            String id = send("p-cmd-3", "d-cmd-cuff3", 300).path("id").asText();
            var m = got.poll(30, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(GatewayFixture.JSON.readTree(m.getPayload()).path("id").asText()).isEqualTo(id);
            cuff.publish("v1/devices/d-cmd-cuff3/commands/response",
                    ("{\"id\":\"" + id + "\",\"status\":\"refused\",\"detail\":\"cuff not on the arm\"}")
                            .getBytes(StandardCharsets.UTF_8), 1, false);
            JsonNode shown = command("p-cmd-3", id);
            assertThat(shown.path("state").asText()).isEqualTo("refused");
            assertThat(shown.path("detail").asText()).isEqualTo("cuff not on the arm");
        } finally {
            cuff.disconnect();
            cuff.close();
        }
    }

    @Test
    void givenAnotherDeviceThenItMayNotAnswerAndUnknownIdsAreRefused() throws Exception {
        String id = send("p-cmd-4", "d-cmd-cuff4", 300).path("id").asText();
        try (CommandCuff other = cuff("d-cmd-cuff5", false)) {
            String answer = "{\"id\":\"" + id + "\",\"status\":\"done\"}";
            IMqttToken foreign = other.answer("v1/devices/d-cmd-cuff4/commands/response", answer, null);
            assertThat(foreign.getReasonCodes()).as("not its own response topic").containsExactly(0x87);
            IMqttToken unknown = other.answer("v1/devices/d-cmd-cuff5/commands/response", answer, null);
            assertThat(unknown.getReasonCodes()).as("not its command").containsExactly(0x83);
            IMqttToken bad = other.answer("v1/devices/d-cmd-cuff5/commands/response", "not json", null);
            assertThat(bad.getReasonCodes()).containsExactly(0x99);
            assertThat(state("p-cmd-4", id)).isEqualTo("queued");
            assertThat(gw.metric("homeward_command_answers_refused_total", "reason=\"unknown\"")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void givenMosquittoClientsThenTheKeptCommandArrivesWithItsPropertiesAndTheCorrelatedAnswerCounts() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")) && Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")),
                "mosquitto-clients not installed");
        String id = send("p-cmd-6", "d-cmd-cuff6", 300).path("id").asText();   // the device is offline: kept
        String got = run(List.of("/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(gw.port("mqtt")),
                "-V", "mqttv5", "-q", "1", "-u", "d-cmd-cuff6", "-P", secrets.get("d-cmd-cuff6"),
                "-t", "v1/devices/d-cmd-cuff6/commands", "-C", "1", "-W", "30", "-F", "%q|%E|%D|%R|%C|%p")).trim();
        String[] f = got.split("\\|", 6);
        assertThat(f).as(got).hasSize(6);
        assertThat(f[0]).isEqualTo("1");
        assertThat(Long.parseLong(f[1])).isBetween(1L, 300L);
        assertThat(f[2]).isEqualTo(id);
        assertThat(f[3]).isEqualTo("v1/devices/d-cmd-cuff6/commands/response");
        assertThat(f[4]).isEqualTo("application/json");
        assertThat(GatewayFixture.JSON.readTree(f[5]).path("id").asText()).isEqualTo(id);
        run(List.of("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(gw.port("mqtt")),
                "-V", "mqttv5", "-q", "1", "-u", "d-cmd-cuff6", "-P", secrets.get("d-cmd-cuff6"),
                "-t", f[3], "-D", "publish", "correlation-data", id, "-m", "{\"status\":\"done\",\"detail\":\"by mosquitto\"}"));
        JsonNode shown = command("p-cmd-6", id);
        assertThat(shown.path("state").asText()).isEqualTo("answered");
        assertThat(shown.path("detail").asText()).isEqualTo("by mosquitto");
    }

    @Test
    void givenAQueuedCommandWhenTheCuffMovesToAnotherPatientThenTheCommandEndsAndIsNeverSentToIt() throws Exception {
        String id = send("p-cmd-7", "d-cmd-cuff7", 600).path("id").asText();
        gw.admin.moveDevice("d-cmd-cuff7", "p-cmd-6", "test");
        await().atMost(Duration.ofSeconds(30)).until(() -> state("p-cmd-7", id).equals("expired"));
        assertThat(command("p-cmd-7", id).path("detail").asText()).startsWith("cancelled");
        try (CommandCuff cuff = cuff("d-cmd-cuff7", true)) {
            String fresh = send("p-cmd-6", "d-cmd-cuff7", 300).path("id").asText();
            MqttMessage first = cuff.got.poll(30, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(new String(first.getProperties().getCorrelationData(), StandardCharsets.UTF_8))
                    .as("the old patient's command never reaches the cuff").isEqualTo(fresh);
        }
    }

    @Test
    void givenBadRequestsThenTheApiAnswersClearErrors() throws Exception {
        assertThat(post("p-cmd-1", "d-cmd-cuff1", "{\"command\":\"measure\",\"vital\":\"blood-pressure\",\"ttlSeconds\":5}"))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                .satisfies(r -> assertThat(r.body()).contains("ttlSeconds must be between 10 and 3600"));
        assertThat(post("p-cmd-1", "d-cmd-cuff1", "{\"command\":\"reboot\",\"vital\":\"blood-pressure\"}").body())
                .contains("command is required and must be \\\"measure\\\"");
        assertThat(post("p-cmd-1", "d-cmd-cuff1", "{\"command\":\"measure\",\"vital\":\"mood\"}").statusCode()).isEqualTo(400);
        assertThat(post("p-cmd-1", "d-cmd-cuff1", "{\"command\":\"measure\",\"vital\":\"blood-pressure\",\"x\":1}").statusCode())
                .isEqualTo(400);
        assertThat(post("p-cmd-1", "d-cmd-cuff2", String.format(BP, 300)).statusCode())
                .as("another patient's device").isEqualTo(404);
        HttpResponse<String> patch = post("p-cmd-1", "d-cmd-patch1", String.format(BP, 300));
        assertThat(patch.statusCode()).isEqualTo(422);
        assertThat(patch.body()).contains("a patch cannot measure blood-pressure");
        assertThat(post("p-nobody", "d-cmd-cuff1", String.format(BP, 300)).statusCode()).isEqualTo(404);
    }

    @Test
    void givenACoapCuffOverDtlsThenTheCommandRidesOnTheTwoZeroFourAndItsAnswerCounts() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/coap-client-openssl")),
                "coap-client-openssl not installed (apt-get install libcoap3-bin)");
        String id = send("p-cmd-5", "d-cmd-cuff5", 300).path("id").asText();
        String out = coap("post", "110", "[{\"bn\":\"urn:dev:d-cmd-cuff5:\",\"n\":\"sbp\",\"u\":\"mmHg\",\"v\":118},"
                + "{\"n\":\"dbp\",\"u\":\"mmHg\",\"v\":76}]", "/v1/senml");
        assertThat(out).contains("\"id\":\"" + id + "\"").contains("\"vital\":\"blood-pressure\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> state("p-cmd-5", id).equals("delivered"));
        String answered = coap("post", "50", "{\"id\":\"" + id + "\",\"status\":\"done\"}", "/v1/commands/response");
        assertThat(answered).doesNotContain("4.0");
        assertThat(state("p-cmd-5", id)).isEqualTo("answered");
        String late = coap("post", "50", "{\"id\":\"" + id + "\",\"status\":\"done\"}", "/v1/commands/response");
        assertThat(late).contains("already answered");
    }

    @Test
    void givenAQueuedCommandWhenTheGatewayRestartsThenItIsStillQueued() throws Exception {
        // its own device, never connected: nothing else in this class touches p-cmd-4's second command
        String id = send("p-cmd-4", "d-cmd-cuff4", 3600).path("id").asText();
        gw.stop();
        gw.startAgainOnSamePorts(Map.of());
        JsonNode after = command("p-cmd-4", id);
        assertThat(after.path("state").asText()).isEqualTo("queued");
        assertThat(after.path("ttlSecondsLeft").asLong()).isPositive();
    }

    // ---- helpers

    private JsonNode send(String patient, String device, int ttl) throws IOException, InterruptedException {
        HttpResponse<String> r = post(patient, device, String.format(BP, ttl));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return GatewayFixture.JSON.readTree(r.body());
    }

    private HttpResponse<String> post(String patient, String device, String body) throws IOException, InterruptedException {
        return gw.post("/api/patients/" + patient + "/devices/" + device + "/commands", body);
    }

    private JsonNode command(String patient, String id) throws IOException, InterruptedException {
        for (JsonNode c : gw.getJson("/api/patients/" + patient + "/commands").path("commands")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no command " + id + " for " + patient);
    }

    private String state(String patient, String id) throws IOException, InterruptedException {
        return command(patient, id).path("state").asText();
    }

    private String audit() throws IOException {
        return Files.readString(dir.resolve("audit").resolve("audit.log"));
    }

    private CommandCuff cuff(String device, boolean subscribe) throws Exception {
        return new CommandCuff(gw.port("mqtt"), device, secrets.get(device), subscribe, null);
    }

    private String coap(String method, String format, String payload, String path) throws Exception {
        return run(List.of("/usr/bin/coap-client-openssl", "-m", method, "-t", format,
                "-u", "d-cmd-cuff5", "-k", secrets.get("d-cmd-cuff5"), "-B", "30", "-v", "0", "-e", payload,
                "coaps://127.0.0.1:" + gw.port("coaps") + path));
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command.get(0));
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
