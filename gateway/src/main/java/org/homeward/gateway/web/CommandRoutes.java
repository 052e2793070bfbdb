package org.homeward.gateway.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.homeward.gateway.app.DeviceCommandService;
import org.homeward.gateway.audit.AuditTrail;
import org.homeward.gateway.command.DeviceCommand;
import org.homeward.gateway.processing.PatientQuery;

/**
 * {@code POST /api/patients/{id}/devices/{device}/commands} (nurse or admin; CSRF like every other
 * POST): body {@code {"command":"measure","vital":"blood-pressure","ttlSeconds":300}}; 202 with the
 * command once it is durably queued. {@code GET /api/patients/{id}/commands}: the patient's commands,
 * newest first. Bad bodies are 400s naming the field; see docs/api.md.
 */
final class CommandRoutes {
    static final int MIN_TTL = 10;
    static final int MAX_TTL = 3600;
    static final int DEFAULT_TTL = 300;

    private final PatientQuery query;
    private final DeviceCommandService commands;
    private final Clock clock;
    private final AuditTrail audit;

    CommandRoutes(PatientQuery query, DeviceCommandService commands, Clock clock, AuditTrail audit) {
        this.query = query;
        this.commands = commands;
        this.clock = clock;
        this.audit = audit;
    }

    List<Route> routes() {
        return List.of(new Route("POST", "/api/patients/{id}/devices/{device}/commands", this::send),
                new Route("GET", "/api/patients/{id}/commands", this::list));
    }

    private CompletableFuture<WebResponse> send(WebRequest r, Caller c, Map<String, String> p) {
        String patient = p.get("id");
        if (query.patient(patient).isEmpty()) {
            return done(WebResponse.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such patient"));
        }
        JsonBody body = JsonBody.parse(r);
        for (String f : body.fieldNames()) {
            if (!List.of("command", "vital", "ttlSeconds").contains(f)) {
                throw new BadRequest("bad_field", "unknown field " + f + " (command, vital, ttlSeconds)");
            }
        }
        String command = body.text("command", 40);
        if (!"measure".equals(command)) {
            throw new BadRequest("bad_field", "command is required and must be \"measure\"");
        }
        String vital = body.text("vital", 40);
        if (vital == null || !DeviceCommandService.VITALS.contains(vital)) {
            throw new BadRequest("bad_field", "vital is required, one of " + DeviceCommandService.VITALS);
        }
        double ttl = body.number("ttlSeconds", MIN_TTL, MAX_TTL);
        if (!Double.isNaN(ttl) && ttl != Math.rint(ttl)) {
            throw new BadRequest("bad_field", "ttlSeconds must be a whole number of seconds, " + MIN_TTL + "-" + MAX_TTL);
        }
        long ttlSeconds = Double.isNaN(ttl) ? DEFAULT_TTL : (long) ttl;
        return commands.send(patient, p.get("device"), command, vital, ttlSeconds, c.user().name())
                .handle((cmd, e) -> e != null ? ApiRoutes.failure(e)
                        : WebResponse.json(HttpResponseStatus.ACCEPTED, json(cmd, clock.millis())));
    }

    private CompletableFuture<WebResponse> list(WebRequest r, Caller c, Map<String, String> p) {
        String patient = p.get("id");
        audit.record(c.user().name(), "view.commands", Map.of("patient", patient));
        if (query.patient(patient).isEmpty()) {
            return done(WebResponse.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such patient"));
        }
        long now = clock.millis();
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("serverTime", now);
        n.put("patientId", patient);
        ArrayNode arr = n.putArray("commands");
        commands.forPatient(patient).forEach(cmd -> arr.add(json(cmd, now)));
        return done(WebResponse.ok(n));
    }

    /** One command as the API and the live view show it. */
    static ObjectNode json(DeviceCommand c, long now) {
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("id", c.id());
        n.put("patientId", c.patientId());
        n.put("deviceId", c.deviceId());
        n.put("command", c.command());
        n.put("vital", c.vital());
        n.put("state", c.state().tag());
        n.put("requestedBy", c.requestedBy());
        n.put("createdAt", Instant.ofEpochMilli(c.createdAt()).toString());
        n.put("expiresAt", Instant.ofEpochMilli(c.expiresAt()).toString());
        n.put("changedAt", Instant.ofEpochMilli(c.changedAt()).toString());
        n.put("ttlSecondsLeft", c.state().terminal() ? 0 : c.remainingSeconds(now));
        n.put("detail", c.detail());
        return n;
    }

    private static CompletableFuture<WebResponse> done(WebResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
