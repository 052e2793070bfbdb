package org.homeward.gateway.forward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.homeward.gateway.clinical.EscalationListener;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound notification hook for unacknowledged alarms (clinical-spec §5.3): every escalation
 * step and re-alert is counted, logged (alarm id and rule only) and, when
 * {@code alarms.escalation-webhook} is set, POSTed as JSON to the hospital's paging or phone
 * bridge. The MQTT bridge carries the same alarm values on its alarm topic.
 *
 * <p>Threading: called on shard threads; never blocks. At most 64 webhook calls are in flight; a
 * call that cannot start is counted as {@code outcome=shed} (the alarm itself is journaled,
 * forwarded and shown regardless).
 */
public final class EscalationNotifier implements EscalationListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EscalationNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI webhook;
    private final HttpClient http;
    private final Semaphore inFlight = new Semaphore(64);
    private final MeterRegistry meters;

    public EscalationNotifier(String webhookUrl, MeterRegistry meters) {
        this.webhook = webhookUrl == null || webhookUrl.isBlank() ? null : URI.create(webhookUrl);
        this.http = webhook == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.meters = meters;
    }

    @Override
    public void onEscalation(Alarm alarm, int level) {
        LOG.info("alarm {} ({}, {}) unacknowledged: escalation level {}", alarm.id(), alarm.rule(), alarm.priority(), level);
        notify("escalation", alarm, level);
    }

    @Override
    public void onReAlert(Alarm alarm) {
        LOG.info("alarm {} ({}) still abnormal after acknowledgement: re-alert", alarm.id(), alarm.rule());
        notify("re-alert", alarm, alarm.escalationLevel());
    }

    private void notify(String event, Alarm alarm, int level) {
        if (webhook == null) {
            count(event, "no_hook");
            return;
        }
        if (!inFlight.tryAcquire()) {
            count(event, "shed");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("level", level);
        body.put("alarmId", alarm.id());
        body.put("patient", alarm.patientId());
        body.put("rule", alarm.rule());
        body.put("priority", alarm.priority().name());
        body.put("state", alarm.state().name());
        body.put("onsetMillis", alarm.onsetMillis());
        body.put("evidence", alarm.evidence());
        try {
            HttpRequest request = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                inFlight.release();
                count(event, e != null ? "error" : r.statusCode() / 100 == 2 ? "ok" : "refused");
                if (e != null || r.statusCode() / 100 != 2) {
                    LOG.warn("escalation webhook failed for alarm {}: {}", alarm.id(), e != null ? e.toString() : r.statusCode());
                }
            });
        } catch (JsonProcessingException | RuntimeException e) {
            inFlight.release();
            count(event, "error");
        }
    }

    private void count(String event, String outcome) {
        Counter.builder(Meters.ALARM_NOTIFICATIONS).tag("event", event).tag("outcome", outcome).register(meters).increment();
    }

    @Override
    public void close() {
        // HttpClient has no close on Java 17; pending calls end with their time-outs
    }
}
