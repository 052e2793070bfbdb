package org.homeward.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.HashMap;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.command.CommandState;
import org.homeward.gateway.command.DeviceCommand;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.metrics.Meters;
import org.homeward.gateway.processing.PatientSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LiveViewTest {
    private static final String NURSE = TestServer.basic(TestServer.NURSE, TestServer.PASSWORD);
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_new_viewer_gets_a_snapshot_then_every_alarm_event_in_order() throws Exception {
        server = new TestServer().start();
        server.query.put(FakePatientQuery.alarm("A-1", "P-001", Priority.HIGH, server.clock.millis()));
        LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        WebSocket ws = open(messages);

        JsonNode first = next(messages, "snapshot");
        assertThat(first.get("serverTime").asLong()).isPositive();
        assertThat(first.get("patients")).hasSize(2);
        assertThat(first.get("alarms").get(0).get("id").asText()).isEqualTo("A-1");

        for (int i = 0; i < 50; i++) {
            Alarm a = FakePatientQuery.alarm("A-" + (100 + i), "P-002", Priority.MEDIUM, server.clock.millis());
            server.query.put(a);
            server.hub.onAlarm(a);
        }
        for (int i = 0; i < 50; i++) {
            assertThat(next(messages, "alarm").at("/alarm/id").asText()).isEqualTo("A-" + (100 + i));
        }
        assertThat(server.registry.counter(Meters.LIVE_RESYNCS).count()).isZero();
        ws.abort();
    }

    @Test
    void a_patient_message_carries_when_the_gateway_received_the_reading_behind_it() throws Exception {
        server = new TestServer().start();
        LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        WebSocket ws = open(messages);
        next(messages, "snapshot");
        long measured = server.clock.millis() - 60_000;
        long received = server.clock.millis() - 1_234;
        PatientSnapshot p = FakePatientQuery.patient("P-001", "Bed A", 37.0, 88, measured);
        server.query.put(p);
        server.hub.onPatientChanged(p, new Reading("ox", "P-001", Vital.HR, 88, measured, received, Quality.OK, "/min", false));

        JsonNode m = next(messages, "patient");
        assertThat(m.get("receivedAtMillis").asLong()).isEqualTo(received);
        assertThat(m.at("/patient/latest/hr/value").asDouble()).isEqualTo(88.0);
        ws.abort();
    }

    @Test
    void a_discharge_and_a_command_change_reach_the_viewer() throws Exception {
        server = new TestServer().start();
        LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        WebSocket ws = open(messages);
        next(messages, "snapshot");
        server.hub.onPatientRemoved("P-002");
        assertThat(next(messages, "removed").get("patientId").asText()).isEqualTo("P-002");
        long now = server.clock.millis();
        server.hub.onCommand(new DeviceCommand("c-1", "P-001", "cuff-1", "measure", "blood-pressure", "nurse1", now,
                now + 300_000, CommandState.ANSWERED, now, "measured 120/80"));
        JsonNode c = next(messages, "command");
        assertThat(c.at("/command/state").asText()).isEqualTo("answered");
        assertThat(c.at("/command/detail").asText()).isEqualTo("measured 120/80");
        assertThat(c.at("/command/patientId").asText()).isEqualTo("P-001");
        ws.abort();
    }

    @Test
    void a_page_that_grants_credit_gets_no_more_patient_updates_than_granted_and_then_the_newest() throws Exception {
        server = new TestServer().start();
        LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        WebSocket ws = open(messages);
        next(messages, "snapshot");
        // Messages are handled in order: once the second snapshot is here, the credit of 3 is in force.
        ws.sendText("{\"type\":\"credit\",\"n\":3}", true).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"resync\"}", true).get(10, TimeUnit.SECONDS);
        next(messages, "snapshot");

        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 10; i++) {
                push("P-" + i, 100 + round);
            }
        }
        int before = 0;
        Alarm marker = FakePatientQuery.alarm("A-mark", "P-001", Priority.LOW, server.clock.millis());
        while (true) {
            JsonNode m = messages.poll(20, TimeUnit.SECONDS);
            assertThat(m).as("messages keep coming").isNotNull();
            if (m.get("type").asText().equals("patient") && ++before == 3) {
                server.query.put(marker);
                server.hub.onAlarm(marker);
            } else if (m.get("type").asText().equals("alarm")) {
                break;
            }
        }
        assertThat(before).as("patient updates sent before the next alarm, with 3 credits").isEqualTo(3);

        ws.sendText("{\"type\":\"credit\",\"n\":100}", true).get(10, TimeUnit.SECONDS);
        Map<String, Double> hr = new HashMap<>();
        while (hr.size() < 7) {
            JsonNode m = next(messages, "patient");
            hr.put(m.at("/patient/pseudonym").asText(), m.at("/patient/latest/hr/value").asDouble());
        }
        assertThat(hr.values()).as("the rest arrive conflated: newest value only").containsOnly(104.0);
        ws.abort();
    }

    @Test
    void the_upgrade_needs_credentials() throws Exception {
        server = new TestServer().start();

        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/ws"), collector(new LinkedBlockingQueue<>()))
                .get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }

    @Test
    void a_paused_viewer_gets_the_newest_state_per_patient_not_every_update() throws Exception {
        server = new TestServer(TestServer.settings(256, 64 * 1024)).start();
        int updates = 3000;
        try (RawWebSocket ws = new RawWebSocket(server.port, NURSE)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> server.hub.viewerCount() == 1);

            // Nothing is read while these are pushed: the socket buffers fill and the server must conflate.
            for (int i = 0; i < updates; i++) {
                push("P-001", i);
                if (i == updates / 2) {
                    push("P-002", 555);
                }
            }

            Map<String, Double> hr = new HashMap<>();
            int patientMessages = 0;
            while (hr.getOrDefault("P-001", -1.0) != updates - 1 || !hr.containsKey("P-002")) {
                JsonNode m = JsonViews.MAPPER.readTree(ws.nextText());
                if (m.get("type").asText().equals("patient")) {
                    patientMessages++;
                    hr.put(m.at("/patient/pseudonym").asText(), m.at("/patient/latest/hr/value").asDouble());
                }
            }
            assertThat(hr).containsEntry("P-002", 555.0);
            assertThat(patientMessages).as("conflated: far fewer messages than updates").isLessThan(updates / 3);
            // recorded by the write's listener on the event loop, which may run just after the page read it
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.registry.get(Meters.LIVE_PUSH_LATENCY).timer().count() > 0);
        }
    }

    @Test
    void alarm_events_overflowing_a_slow_viewer_force_a_resync_and_none_is_lost() throws Exception {
        server = new TestServer(TestServer.settings(8, 64 * 1024)).start();
        int count = 3000;
        try (RawWebSocket ws = new RawWebSocket(server.port, NURSE)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> server.hub.viewerCount() == 1);

            for (int i = 0; i < count; i++) {
                Alarm a = FakePatientQuery.alarm("A-" + i, "P-001", Priority.HIGH, server.clock.millis());
                server.query.put(a);
                server.hub.onAlarm(a);
            }
            server.commands.acknowledge("A-0", TestServer.NURSE, "seen").get(10, TimeUnit.SECONDS);

            Map<String, String> seen = new HashMap<>();
            while (seen.size() < count || !"ACKNOWLEDGED".equals(seen.get("A-0"))) {
                JsonNode m = JsonViews.MAPPER.readTree(ws.nextText());
                switch (m.get("type").asText()) {
                    case "snapshot" -> {
                        seen.clear();
                        m.get("alarms").forEach(a -> seen.put(a.get("id").asText(), a.get("state").asText()));
                    }
                    case "alarm" -> seen.put(m.at("/alarm/id").asText(), m.at("/alarm/state").asText());
                    default -> { }
                }
            }
            assertThat(seen).hasSize(count).containsEntry("A-0", AlarmState.ACKNOWLEDGED.name());
            assertThat(server.registry.counter(Meters.LIVE_RESYNCS).count()).isGreaterThanOrEqualTo(1.0);
        }
    }

    private void push(String patient, double hr) {
        long now = server.clock.millis();
        PatientSnapshot p = FakePatientQuery.patient(patient, "Bed " + patient, 37.0, hr, now);
        server.query.put(p);
        server.hub.onPatientChanged(p, new Reading("ox-" + patient, patient, Vital.HR, hr, now, now, Quality.OK, "/min", false));
    }

    /** A nurse's live view on the test server, collecting its messages. */
    private WebSocket open(LinkedBlockingQueue<JsonNode> messages) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", NURSE)
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/ws"), collector(messages))
                .get(20, TimeUnit.SECONDS);
    }

    private static JsonNode next(LinkedBlockingQueue<JsonNode> q, String type) throws InterruptedException {
        while (true) {
            JsonNode m = q.poll(20, TimeUnit.SECONDS);
            assertThat(m).as("a %s message", type).isNotNull();
            if (m.get("type").asText().equals(type)) {
                return m;
            }
        }
    }

    private static WebSocket.Listener collector(LinkedBlockingQueue<JsonNode> out) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        out.add(JsonViews.MAPPER.readTree(partial.toString()));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
    }

}
