package org.homeward.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.processing.PatientSnapshot;
import org.junit.jupiter.api.Test;

/**
 * The live view's fan-out without sockets (issue 14): each patient update is serialised once and its
 * bytes shared by every viewer; patient updates are conflated per frame (latest wins), while alarms
 * go out at once and in order. Netty's {@link EmbeddedChannel} with frozen time stands in for the
 * event loop, so the frame boundary is stepped explicitly rather than waited for.
 */
class LiveFrameTest {
    private static final long FRAME = 40;
    private final Clock clock = Clock.systemUTC();
    private final FakePatientQuery query = new FakePatientQuery();
    private final LiveHub hub = new LiveHub(query, 16, FRAME, new SimpleMeterRegistry(), clock);

    @Test
    void every_viewer_writes_the_same_serialised_bytes_of_one_update() throws Exception {
        EmbeddedChannel a = viewer();
        EmbeddedChannel b = viewer();
        push("P-001", 91);
        a.advanceTimeBy(FRAME, TimeUnit.MILLISECONDS);
        b.advanceTimeBy(FRAME, TimeUnit.MILLISECONDS);
        a.runPendingTasks();
        b.runPendingTasks();

        List<TextWebSocketFrame> fromA = frames(a);
        List<TextWebSocketFrame> fromB = frames(b);
        assertThat(fromA).hasSize(1);
        assertThat(fromB).hasSize(1);
        assertThat(fromA.get(0).content().array()).as("one serialisation, shared").isSameAs(fromB.get(0).content().array());
        JsonNode m = JsonViews.MAPPER.readTree(fromA.get(0).text());
        assertThat(m.get("type").asText()).isEqualTo("patient");
        assertThat(m.at("/patient/pseudonym").asText()).isEqualTo("P-001");
        assertThat(m.at("/patient/latest/hr/value").asDouble()).isEqualTo(91.0);
        assertThat(m.get("serverTime").asLong()).isPositive();
        release(fromA, fromB);
    }

    @Test
    void updates_within_a_frame_conflate_to_the_latest_per_patient_and_alarms_do_not_wait() throws Exception {
        EmbeddedChannel ch = viewer();
        for (int hr = 60; hr <= 80; hr++) {
            push("P-001", hr);
        }
        push("P-002", 55);
        Alarm first = FakePatientQuery.alarm("A-1", "P-001", Priority.HIGH, clock.millis());
        Alarm second = FakePatientQuery.alarm("A-2", "P-001", Priority.MEDIUM, clock.millis());
        hub.onAlarm(first);
        hub.onAlarm(second);
        ch.runPendingTasks();

        List<TextWebSocketFrame> before = frames(ch);
        assertThat(types(before)).as("alarms at once, in order; patients wait for the frame").containsExactly("alarm", "alarm");
        assertThat(JsonViews.MAPPER.readTree(before.get(0).text()).at("/alarm/id").asText()).isEqualTo("A-1");
        assertThat(JsonViews.MAPPER.readTree(before.get(1).text()).at("/alarm/id").asText()).isEqualTo("A-2");

        ch.advanceTimeBy(FRAME, TimeUnit.MILLISECONDS);
        ch.runPendingTasks();
        List<TextWebSocketFrame> after = frames(ch);
        assertThat(types(after)).containsExactly("patient", "patient");
        List<String> latest = new ArrayList<>();
        for (TextWebSocketFrame f : after) {
            JsonNode m = JsonViews.MAPPER.readTree(f.text());
            latest.add(m.at("/patient/pseudonym").asText() + "=" + m.at("/patient/latest/hr/value").asInt());
        }
        assertThat(latest).containsExactlyInAnyOrder("P-001=80", "P-002=55");
        release(before, after);
    }

    @Test
    void a_late_viewer_gets_a_fresh_server_time_not_a_stale_shared_copy() throws Exception {
        long now = clock.millis();
        PatientUpdate u = new PatientUpdate(FakePatientQuery.patient("P-001", "Bed A", 37.0, 70, now), now);
        byte[] first = u.bytes(now);
        assertThat(u.bytes(now + PatientUpdate.MAX_REUSE_MILLIS)).isSameAs(first);
        byte[] late = u.bytes(now + PatientUpdate.MAX_REUSE_MILLIS + 1);
        assertThat(late).isNotSameAs(first);
        assertThat(JsonViews.MAPPER.readTree(late).get("serverTime").asLong()).isEqualTo(now + PatientUpdate.MAX_REUSE_MILLIS + 1);
        assertThat(JsonViews.MAPPER.readTree(late).get("receivedAtMillis").asLong()).isEqualTo(now);
    }

    /** A viewer on an embedded channel, its initial snapshot already written and discarded. */
    private EmbeddedChannel viewer() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        hub.attach(ch, null, null);
        ch.runPendingTasks();
        List<TextWebSocketFrame> snapshot = frames(ch);
        assertThat(types(snapshot)).containsExactly("snapshot");
        release(snapshot);
        return ch;
    }

    private void push(String patient, double hr) {
        long now = clock.millis();
        PatientSnapshot p = FakePatientQuery.patient(patient, "Bed " + patient, 37.0, hr, now);
        query.put(p);
        hub.onPatientChanged(p, new Reading("ox-" + patient, patient, Vital.HR, hr, now, now, Quality.OK, "/min", false));
    }

    private static List<TextWebSocketFrame> frames(EmbeddedChannel ch) {
        List<TextWebSocketFrame> out = new ArrayList<>();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            out.add((TextWebSocketFrame) o);
        }
        return out;
    }

    private static List<String> types(List<TextWebSocketFrame> frames) {
        List<String> out = new ArrayList<>();
        for (TextWebSocketFrame f : frames) {
            try {
                out.add(JsonViews.MAPPER.readTree(f.content().toString(StandardCharsets.UTF_8)).get("type").asText());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @SafeVarargs
    private static void release(List<TextWebSocketFrame>... lists) {
        for (List<TextWebSocketFrame> l : lists) {
            l.forEach(TextWebSocketFrame::release);
        }
    }
}
