package org.homeward.gateway.web;

import org.homeward.gateway.audit.AuditTrail;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.homeward.gateway.device.RegistryException;

/**
 * The admin API under {@code /api/admin}: patients, devices and users, role {@code admin} only
 * (others get 403, audited as {@code admin.refused}). Authentication and the CSRF check happen
 * before (in {@link WebApp}). The body is read on the event loop; the change itself (disk, fsync,
 * slow password hash) runs on the single admin thread, whose queue is bounded (full → 503).
 * Errors are JSON naming the field. Secrets appear only in the response that creates them.
 */
final class AdminRoutes {
    private static final int MAX_TEXT = 200;
    private static final int MAX_PASSWORD = 256;
    private final AdminService admin;
    private final Executor executor;
    private final Sessions sessions;
    private final AuditTrail audit;
    private final Clock clock;

    AdminRoutes(AdminService admin, Executor executor, Sessions sessions, AuditTrail audit, Clock clock) {
        this.admin = admin;
        this.executor = executor;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Parses a request and returns the blocking work that answers it. */
    @FunctionalInterface
    private interface Action {
        Supplier<WebResponse> prepare(WebRequest req, String actor, Map<String, String> params);
    }

    List<Route> routes() {
        return List.of(
                route("GET", "/api/admin/patients", null, (r, a, p) -> () -> list("patients", admin.patients())),
                route("POST", "/api/admin/patients", null, this::addPatient),
                route("GET", "/api/admin/devices", null, (r, a, p) -> () -> list("devices", admin.devices())),
                route("POST", "/api/admin/devices", null, this::addDevice),
                route("POST", "/api/admin/devices/{id}/move", "device", this::moveDevice),
                route("POST", "/api/admin/devices/{id}/rotate", "device", (r, a, p) -> () ->
                        ok(obj().put("deviceId", p.get("id")).put("secret", admin.rotateSecret(p.get("id"), a)))),
                route("POST", "/api/admin/devices/{id}/revoke", "device", (r, a, p) -> () -> {
                    admin.revokeDevice(p.get("id"), a);
                    return ok(obj().put("deviceId", p.get("id")).put("revoked", true));
                }),
                route("GET", "/api/admin/users", null, (r, a, p) -> () -> list("users", admin.users())),
                route("POST", "/api/admin/users", null, this::addUser),
                route("POST", "/api/admin/users/{id}/role", "user", this::changeRole),
                route("POST", "/api/admin/users/{id}/disable", "user", (r, a, p) -> enabled(p.get("id"), a, false)),
                route("POST", "/api/admin/users/{id}/enable", "user", (r, a, p) -> enabled(p.get("id"), a, true)),
                route("POST", "/api/admin/users/{id}/password", "user", this::resetPassword));
    }

    private Supplier<WebResponse> addPatient(WebRequest r, String actor, Map<String, String> p) {
        JsonBody b = JsonBody.parse(r);
        String id = required(b, "patient");
        String date = required(b, "infusionDate");
        String product = optional(b, "product");
        String label = optional(b, "label");
        return () -> {
            AdminService.PatientRow row = admin.addPatient(id, date, product, label, actor);
            return WebResponse.json(HttpResponseStatus.CREATED, JsonViews.MAPPER.valueToTree(row));
        };
    }

    private Supplier<WebResponse> addDevice(WebRequest r, String actor, Map<String, String> p) {
        JsonBody b = JsonBody.parse(r);
        String device = required(b, "device");
        String patient = required(b, "patient");
        String kind = required(b, "kind");
        return () -> {
            String secret = admin.addDevice(device, patient, kind, actor);
            return WebResponse.json(HttpResponseStatus.CREATED, obj().put("deviceId", device).put("patientId", patient)
                    .put("kind", kind).put("secret", secret));
        };
    }

    private Supplier<WebResponse> moveDevice(WebRequest r, String actor, Map<String, String> p) {
        String patient = required(JsonBody.parse(r), "patient");
        return () -> {
            admin.moveDevice(p.get("id"), patient, actor);
            return ok(obj().put("deviceId", p.get("id")).put("patientId", patient));
        };
    }

    private Supplier<WebResponse> addUser(WebRequest r, String actor, Map<String, String> p) {
        JsonBody b = JsonBody.parse(r);
        String user = required(b, "user");
        String role = required(b, "role");
        char[] password = password(b);
        return () -> {
            try {
                admin.addUser(user, role, password, actor);
            } finally {
                Arrays.fill(password, '\0');
            }
            return WebResponse.json(HttpResponseStatus.CREATED, obj().put("user", user).put("role", role).put("enabled", true));
        };
    }

    private Supplier<WebResponse> changeRole(WebRequest r, String actor, Map<String, String> p) {
        String role = required(JsonBody.parse(r), "role");
        notSelf(p.get("id"), actor, "change your own role");
        return () -> {
            admin.changeRole(p.get("id"), role, actor);
            sessions.endUser(p.get("id"));
            return ok(obj().put("user", p.get("id")).put("role", role));
        };
    }

    private Supplier<WebResponse> enabled(String user, String actor, boolean enabled) {
        notSelf(user, actor, "disable or enable yourself");
        return () -> {
            admin.setDisabled(user, !enabled, actor);
            sessions.endUser(user);
            return ok(obj().put("user", user).put("enabled", enabled));
        };
    }

    private Supplier<WebResponse> resetPassword(WebRequest r, String actor, Map<String, String> p) {
        char[] password = password(JsonBody.parse(r));
        return () -> {
            try {
                admin.resetPassword(p.get("id"), password, actor);
            } finally {
                Arrays.fill(password, '\0');
            }
            sessions.endUser(p.get("id"));
            return ok(obj().put("user", p.get("id")).put("passwordChanged", true));
        };
    }

    /** Role check, then the parsed request's work on the admin thread; refusals as JSON naming the field. */
    private Route route(String method, String template, String pathField, Action action) {
        return new Route(method, template, (req, caller, params) -> {
            if (!User.ADMIN.equals(caller.user().role())) {
                audit.record(caller.user().name(), "admin.refused", Map.of("route", method + " " + template,
                        "role", caller.user().role()));
                return done(WebResponse.error(HttpResponseStatus.FORBIDDEN, "forbidden",
                        "only an admin may manage patients, devices and users"));
            }
            Supplier<WebResponse> work;
            try {
                work = action.prepare(req, caller.user().name(), params);
            } catch (RegistryException e) {
                return done(refused(e, pathField));
            }
            try {
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        return work.get();
                    } catch (RegistryException e) {
                        return refused(e, pathField);
                    }
                }, executor);
            } catch (RejectedExecutionException e) {
                return done(WebResponse.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy",
                        "too many admin changes at once; try again").withHeader("Retry-After", "1"));
            }
        });
    }

    /** 404 when the path's own device or user is unknown, 409 for a conflict, else 400; always with the field. */
    static WebResponse refused(RegistryException e, String pathField) {
        String field = e.field().equals("infusion-date") ? "infusionDate" : e.field();
        String message = e.getMessage().startsWith("--" + e.field())
                ? field + e.getMessage().substring(2 + e.field().length()) : e.getMessage();
        HttpResponseStatus status = switch (e.reason()) {
            case UNKNOWN -> e.field().equals(pathField) ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.BAD_REQUEST;
            case CONFLICT -> HttpResponseStatus.CONFLICT;
            case INVALID -> HttpResponseStatus.BAD_REQUEST;
        };
        String code = status == HttpResponseStatus.NOT_FOUND ? "not_found"
                : status == HttpResponseStatus.CONFLICT ? "conflict" : "bad_field";
        ObjectNode n = obj().put("error", code).put("field", field).put("message", message);
        return WebResponse.json(status, n);
    }

    private static void notSelf(String user, String actor, String what) {
        if (user.equals(actor)) {
            throw new RegistryException("user", RegistryException.Reason.CONFLICT,
                    "you may not " + what + " (ask another admin)");
        }
    }

    private static String required(JsonBody b, String field) {
        String v = optional(b, field);
        if (v == null) {
            throw new RegistryException(field, RegistryException.Reason.INVALID, field + " is required");
        }
        return v;
    }

    private static String optional(JsonBody b, String field) {
        try {
            return b.text(field, MAX_TEXT);
        } catch (BadRequest e) {
            throw new RegistryException(field, RegistryException.Reason.INVALID, e.getMessage());
        }
    }

    private static char[] password(JsonBody b) {
        String v;
        try {
            v = b.rawText("password", MAX_PASSWORD);
        } catch (BadRequest e) {
            throw new RegistryException("password", RegistryException.Reason.INVALID, e.getMessage());
        }
        if (v == null) {
            throw new RegistryException("password", RegistryException.Reason.INVALID, "password is required");
        }
        return v.toCharArray();
    }

    private WebResponse list(String name, List<?> rows) {
        ObjectNode n = obj().put("serverTime", clock.millis());
        ArrayNode arr = n.putArray(name);
        for (Object row : rows) {
            ObjectNode o = JsonViews.MAPPER.valueToTree(row);
            if (row instanceof AdminService.DeviceRow d) {
                o.put("lastSeen", d.lastSeenMillis() > 0 ? Instant.ofEpochMilli(d.lastSeenMillis()).toString() : null);
            }
            arr.add(o);
        }
        return ok(n);
    }

    private static ObjectNode obj() {
        return JsonViews.MAPPER.createObjectNode();
    }

    private static WebResponse ok(ObjectNode n) {
        return WebResponse.ok(n);
    }

    private static CompletableFuture<WebResponse> done(WebResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
