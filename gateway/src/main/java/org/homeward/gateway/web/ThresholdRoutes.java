package org.homeward.gateway.web;

import org.homeward.gateway.audit.AuditTrail;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.homeward.gateway.processing.PatientQuery;
import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;
import org.homeward.gateway.domain.ThresholdValues;

/**
 * {@code GET /api/patients/{id}/thresholds} (any signed-in user) and {@code PUT} (admins only): a
 * patient's effective thresholds, the programme defaults they differ from, and every change with
 * who, when and why. A PUT body holds any of {@link ThresholdValues#FIELDS} (the others keep their
 * current value) and a required {@code reason}; every bad value is a 400 naming the field.
 */
final class ThresholdRoutes {
    static final int MAX_REASON = 500;
    private static final String REASON = "reason";

    private final PatientQuery query;
    private final AlarmCommands commands;
    private final Clock clock;
    private final AuditTrail audit;

    ThresholdRoutes(PatientQuery query, AlarmCommands commands, Clock clock, AuditTrail audit) {
        this.query = query;
        this.commands = commands;
        this.clock = clock;
        this.audit = audit;
    }

    List<Route> routes() {
        return List.of(new Route("GET", "/api/patients/{id}/thresholds", this::get),
                new Route("PUT", "/api/patients/{id}/thresholds", this::put));
    }

    private CompletableFuture<WebResponse> get(WebRequest r, Caller c, Map<String, String> p) {
        String id = p.get("id");
        if (query.patient(id).isEmpty()) {
            return CompletableFuture.completedFuture(notFound());
        }
        audit.record(c.user().name(), "view.thresholds", Map.of("patient", id));
        return commands.thresholds(id).handle((t, e) -> e != null ? ApiRoutes.failure(e) : WebResponse.ok(json(id, t)));
    }

    private CompletableFuture<WebResponse> put(WebRequest r, Caller c, Map<String, String> p) {
        String id = p.get("id");
        if (!User.ADMIN.equals(c.user().role())) {
            audit.record(c.user().name(), "thresholds.change.refused", Map.of("patient", id, "role", c.user().role()));
            return CompletableFuture.completedFuture(WebResponse.error(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "only an admin may change a patient's thresholds"));
        }
        if (query.patient(id).isEmpty()) {
            return CompletableFuture.completedFuture(notFound());
        }
        JsonBody body = JsonBody.parse(r);
        Map<String, Double> given = values(body);
        String reason = body.text(REASON, MAX_REASON);
        if (reason == null) {
            throw new BadRequest("bad_field", "reason is required (why the thresholds change, who approved it)");
        }
        long now = clock.millis();
        return commands.thresholds(id).thenCompose(current -> {
            Map<String, Number> merged = new LinkedHashMap<>(current.current().asMap());
            merged.putAll(given);
            ThresholdValues after = ThresholdValues.of(merged);
            return commands.changeThresholds(new ThresholdChange(id, null, after, c.user().name(), now, reason));
        }).handle((t, e) -> e != null ? ApiRoutes.failure(e) : WebResponse.ok(json(id, t)));
    }

    /** The numeric fields of the body, each range-checked; unknown fields and an empty change are refused. */
    private static Map<String, Double> values(JsonBody body) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : body.fieldNames()) {
            if (REASON.equals(name)) {
                continue;
            }
            ThresholdValues.Field f = ThresholdValues.FIELDS.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new BadRequest("bad_field", "unknown field " + name + "; changeable: "
                            + ThresholdValues.FIELDS.stream().map(ThresholdValues.Field::name).toList()));
            double v = body.number(name, f.min(), f.max());
            String why = Double.isNaN(v) ? name + " must be a number" : f.check(v);
            if (why != null) {
                throw new BadRequest("bad_field", why);
            }
            out.put(name, v);
        }
        if (out.isEmpty()) {
            throw new BadRequest("bad_field", "no threshold given; changeable: "
                    + ThresholdValues.FIELDS.stream().map(ThresholdValues.Field::name).toList());
        }
        return out;
    }

    private ObjectNode json(String id, PatientThresholds t) {
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("patient", id);
        n.set("current", JsonViews.MAPPER.valueToTree(t.current().asMap()));
        n.set("programme", JsonViews.MAPPER.valueToTree(t.programme().asMap()));
        ArrayNode differs = n.putArray("differsFromProgramme");
        Map<String, Number> prog = t.programme().asMap();
        t.current().asMap().forEach((k, v) -> {
            if (v.doubleValue() != prog.get(k).doubleValue()) {
                differs.add(k);
            }
        });
        ArrayNode history = n.putArray("history");
        for (int i = t.history().size() - 1; i >= 0; i--) {
            ThresholdChange ch = t.history().get(i);
            ObjectNode h = history.addObject();
            h.put("user", ch.user());
            JsonViews.putTime(h, "at", ch.atMillis());
            h.put("reason", ch.reason());
            h.set("before", JsonViews.MAPPER.valueToTree(ch.before().asMap()));
            h.set("after", JsonViews.MAPPER.valueToTree(ch.after().asMap()));
        }
        n.put("serverTime", clock.millis());
        return n;
    }

    private static WebResponse notFound() {
        return WebResponse.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such patient");
    }
}
