package org.homeward.gateway.web;

import org.homeward.gateway.audit.AuditTrail;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.processing.PatientQuery;

/**
 * The JSON API under {@code /api}. Every handler runs after authentication and the CSRF check,
 * never blocks, and uses only the caller's name as the acting user (never a name from the body).
 */
final class ApiRoutes {
    private static final int MAX_NOTE = 500;
    static final int DEFAULT_AUDIT_PAGE = 100;
    static final int MAX_AUDIT_PAGE = 1000;

    private final PatientQuery query;
    private final AlarmCommands commands;
    private final Clock clock;
    private final int maxShelveMinutes;
    private final AuditTrail audit;

    ApiRoutes(PatientQuery query, AlarmCommands commands, Clock clock, int maxShelveMinutes, AuditTrail audit) {
        this.audit = audit;
        this.query = query;
        this.commands = commands;
        this.clock = clock;
        this.maxShelveMinutes = maxShelveMinutes;
    }

    List<Route> routes() {
        List<Route> all = new java.util.ArrayList<>(List.of(
                new Route("GET", "/api/me", (r, c, p) -> done(me(c))),
                new Route("GET", "/api/patients", (r, c, p) -> done(viewed(r, c, "view.patients", null, patients()))),
                new Route("GET", "/api/patients/{id}", (r, c, p) ->
                        done(viewed(r, c, "view.patient", p.get("id"), patient(p.get("id"))))),
                new Route("GET", "/api/patients/{id}/vitals", (r, c, p) ->
                        done(viewed(r, c, "view.vitals", p.get("id"), vitals(r, p.get("id"))))),
                new Route("GET", "/api/audit", this::auditLog),
                new Route("GET", "/api/alarms", (r, c, p) -> done(alarms(r))),
                new Route("GET", "/api/analytics/alarms", (r, c, p) -> done(analytics(r))),
                new Route("POST", "/api/alarms/{id}/ack", this::acknowledge),
                new Route("POST", "/api/alarms/{id}/shelve", this::shelve),
                new Route("POST", "/api/patients/{id}/entries", this::addEntry),
                new Route("GET", "/api/patients/{id}/alarms", (r, c, p) ->
                        done(viewed(r, c, "view.alarms", p.get("id"), alarmHistory(r, p.get("id")))))));
        all.addAll(new ThresholdRoutes(query, commands, clock, audit).routes());
        return all;
    }

    private WebResponse alarmHistory(WebRequest r, String id) {
        long now = clock.millis();
        if (query.patient(id).isEmpty()) {
            return noPatient();
        }
        long since = SinceParser.parse(r.queryParam("since"), now);
        return WebResponse.ok(AlarmHistoryView.render(id, since, query.alarmHistory(id, since), now));
    }

    /**
     * Every view of patient data leaves an audit line (pseudonyms only), whether or not it was found;
     * refreshes the page makes by itself are marked {@code background} so a reviewer can tell them apart.
     */
    private WebResponse viewed(WebRequest req, Caller c, String action, String patientId, WebResponse r) {
        Map<String, String> d = new java.util.LinkedHashMap<>();
        if (patientId != null) {
            d.put("patient", patientId);
        }
        d.put("status", Integer.toString(r.status().code()));
        d.put("auth", c.viaSession() ? "session" : "basic");
        if (req.header(Authenticator.BACKGROUND_HEADER) != null) {
            d.put("background", "true");
        }
        audit.record(c.user().name(), action, d);
        return r;
    }

    /**
     * {@code GET /api/audit?after=|before=&limit=&verify=true}: admins only; pages oldest first by
     * {@code seq}; the read itself is audited.
     */
    private CompletableFuture<WebResponse> auditLog(WebRequest r, Caller c, Map<String, String> p) {
        if (!User.ADMIN.equals(c.user().role())) {
            audit.record(c.user().name(), "audit.read.refused", Map.of("role", c.user().role()));
            return done(WebResponse.error(HttpResponseStatus.FORBIDDEN, "forbidden", "only an admin may read the audit log"));
        }
        String v = r.queryParam("verify");
        if (v != null && !v.equals("true") && !v.equals("false")) {
            throw new BadRequest("bad_verify", "verify must be true or false");
        }
        int limit = (int) wholeNumber(r, "limit", 1, MAX_AUDIT_PAGE, DEFAULT_AUDIT_PAGE, "bad_limit");
        long after = wholeNumber(r, "after", 0, Long.MAX_VALUE, -1, "bad_after");
        long before = wholeNumber(r, "before", 1, Long.MAX_VALUE, -1, "bad_before");
        if (after >= 0 && before >= 0) {
            throw new BadRequest("bad_after", "give after or before, not both");
        }
        audit.record(c.user().name(), "audit.read", Map.of("verify", String.valueOf("true".equals(v))));
        return audit.page(after, before, limit, "true".equals(v)).thenApply(page -> {
            ObjectNode n = JsonViews.MAPPER.createObjectNode();
            n.put("serverTime", clock.millis());
            n.put("order", "oldest-first");
            n.set("entries", JsonViews.MAPPER.valueToTree(page.entries()));
            n.put("more", page.more());
            n.set("firstSeq", JsonViews.MAPPER.valueToTree(page.entries().isEmpty() ? null : page.entries().get(0).get("seq")));
            n.set("lastSeq", JsonViews.MAPPER.valueToTree(page.entries().isEmpty() ? null
                    : page.entries().get(page.entries().size() - 1).get("seq")));
            if (page.verification() != null) {
                n.set("verification", JsonViews.MAPPER.valueToTree(page.verification()));
            }
            return WebResponse.ok(n);
        });
    }

    /** An optional whole-number query parameter within [min, max]; {@code absent} when not given. */
    private static long wholeNumber(WebRequest r, String name, long min, long max, long absent, String code) {
        String s = r.queryParam(name);
        if (s == null) {
            return absent;
        }
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw new BadRequest(code, name + " must be a whole number "
                    + (max == Long.MAX_VALUE ? ">= " + min : min + "-" + max));
        }
        return n;
    }

    private WebResponse me(Caller c) {
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("user", c.user().name());
        n.put("role", c.user().role());
        n.put("auth", c.viaSession() ? "session" : "basic");
        if (c.viaSession()) {
            n.put("csrfToken", c.session().csrfToken);
            n.put("sessionExpiresAt", Instant.ofEpochMilli(c.session().expiresAtMillis).toString());
        }
        n.put("serverTime", clock.millis());
        return WebResponse.ok(n);
    }

    private WebResponse patients() {
        long now = clock.millis();
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("serverTime", now);
        n.set("patients", JsonViews.patients(query.patients(), now));
        return WebResponse.ok(n);
    }

    private WebResponse patient(String id) {
        long now = clock.millis();
        return query.patient(id)
                .map(p -> WebResponse.ok(JsonViews.patient(p, now).put("serverTime", now)))
                .orElseGet(ApiRoutes::noPatient);
    }

    private WebResponse vitals(WebRequest r, String id) {
        long now = clock.millis();
        if (query.patient(id).isEmpty()) {
            return noPatient();
        }
        long since = SinceParser.parse(r.queryParam("since"), now);
        return WebResponse.ok(JsonViews.history(id, since, query.history(id, since)).put("serverTime", now));
    }

    private WebResponse alarms(WebRequest r) {
        String open = r.queryParam("open");
        if (open != null && !open.equals("true") && !open.equals("false")) {
            throw new BadRequest("bad_open", "open must be true or false");
        }
        long now = clock.millis();
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("serverTime", now);
        ArrayNode arr = n.putArray("alarms");
        query.alarms(!"false".equals(open)).forEach(a -> arr.add(JsonViews.alarm(a, now)));
        return WebResponse.ok(n);
    }

    private WebResponse analytics(WebRequest r) {
        int days = AlarmAnalyticsView.days(r.queryParam("days"));
        return WebResponse.ok(AlarmAnalyticsView.report(query.alarms(false), query.patients().size(), days, clock.millis()));
    }

    private CompletableFuture<WebResponse> acknowledge(WebRequest r, Caller c, Map<String, String> p) {
        String note = JsonBody.parse(r).text("note", MAX_NOTE);
        return alarmResult(commands.acknowledge(p.get("id"), c.user().name(), note));
    }

    private CompletableFuture<WebResponse> shelve(WebRequest r, Caller c, Map<String, String> p) {
        JsonBody body = JsonBody.parse(r);
        double minutes = body.number("minutes", 1, maxShelveMinutes);
        if (Double.isNaN(minutes) || minutes != Math.rint(minutes)) {
            throw new BadRequest("bad_field", "minutes (whole number, 1-" + maxShelveMinutes + ") is required");
        }
        return alarmResult(commands.shelve(p.get("id"), c.user().name(), (int) minutes, body.text("note", MAX_NOTE)));
    }

    private CompletableFuture<WebResponse> addEntry(WebRequest r, Caller c, Map<String, String> p) {
        if (query.patient(p.get("id")).isEmpty()) {
            return done(noPatient());
        }
        ManualEntry entry = ManualEntryForm.parse(JsonBody.parse(r), p.get("id"), c.user().name(), clock.millis());
        return commands.addManualEntry(entry).handle((v, e) -> {
            if (e != null) {
                return failure(e);
            }
            ObjectNode n = JsonViews.MAPPER.createObjectNode();
            n.put("kind", entry.kind().name());
            n.put("user", entry.user());
            n.put("at", Instant.ofEpochMilli(entry.atMillis()).toString());
            return WebResponse.json(HttpResponseStatus.CREATED, n);
        });
    }

    private CompletableFuture<WebResponse> alarmResult(CompletableFuture<Alarm> f) {
        return f.handle((a, e) -> e != null ? failure(e) : WebResponse.ok(JsonViews.alarm(a, clock.millis())));
    }

    static WebResponse failure(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof AlarmCommandException ace) {
            HttpResponseStatus s = switch (ace.reason()) {
                case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
                case CONFLICT -> HttpResponseStatus.CONFLICT;
                case REJECTED -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
                case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            };
            return WebResponse.error(s, ace.reason().name().toLowerCase(java.util.Locale.ROOT), ace.getMessage());
        }
        if (t instanceof BadRequest br) {
            return WebResponse.error(HttpResponseStatus.BAD_REQUEST, br.code(), br.getMessage());
        }
        return WebResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "internal error");
    }

    private static WebResponse noPatient() {
        return WebResponse.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such patient");
    }

    private static CompletableFuture<WebResponse> done(WebResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
