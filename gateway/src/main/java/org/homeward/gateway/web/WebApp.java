package org.homeward.gateway.web;

import org.homeward.gateway.app.HealthCheck;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a request gets, independent of Netty: open management endpoints, sign-in,
 * then authentication, role, CSRF and the API routes. Unauthenticated API calls get 401 with no
 * data; pages redirect to {@code /login}. State-changing requests from a cookie session need the
 * session's {@code X-CSRF-Token}; Basic-auth requests are exempt (no ambient credential).
 */
final class WebApp {
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);

    private final Authenticator auth;
    private final List<Route> routes;
    private final StaticFiles files;
    private final PrometheusMeterRegistry scrape;
    private final HealthCheck health;
    private final boolean managementNeedsAuth;

    /** {@code routes}: the API's and, when configured, the admin API's. */
    WebApp(Authenticator auth, List<Route> routes, StaticFiles files, PrometheusMeterRegistry scrape, HealthCheck health,
           boolean managementNeedsAuth) {
        this.auth = auth;
        this.routes = List.copyOf(routes);
        this.files = files;
        this.scrape = scrape;
        this.health = health;
        this.managementNeedsAuth = managementNeedsAuth;
    }

    CompletableFuture<WebResponse> handle(WebRequest req) {
        String path = req.path();
        boolean get = req.method().equals("GET") || req.method().equals("HEAD");
        if (get && isHealth(path) && (!managementNeedsAuth || req.fromLoopback())) {
            // probes (systemd, a container's HEALTHCHECK, a local agent) never need a login
            return done(management(path));
        }
        if (get && !managementNeedsAuth && path.equals("/metrics")) {
            return done(management(path));
        }
        if (path.equals("/login")) {
            if (get) {
                return done(file(StaticFiles.LOGIN).withRoute("/login"));
            }
            if (req.method().equals("POST")) {
                return auth.login(req).thenApply(r -> r.withRoute("/login"));
            }
        }
        if (get) {
            var asset = files.asset(path);
            if (asset.isPresent()) {
                return done(file(asset.get()).withRoute("/static"));
            }
        }
        return auth.authenticate(req).thenCompose(result -> authorised(req, result));
    }

    /** Authentication alone, for the WebSocket upgrade. */
    CompletableFuture<Authenticator.Result> authenticate(WebRequest req) {
        return auth.authenticate(req);
    }

    Sessions sessions() {
        return auth.sessions();
    }

    private CompletableFuture<WebResponse> authorised(WebRequest req, Authenticator.Result result) {
        if (result.refusal() != null) {
            return done(Authenticator.refusal(result).withRoute("auth"));
        }
        if (result.caller().isEmpty()) {
            return done(unauthenticated(req));
        }
        Caller caller = result.caller().get();
        if (!caller.user().mayCare()) {
            return done(WebResponse.error(HttpResponseStatus.FORBIDDEN, "forbidden", "your role may not use this")
                    .withRoute("auth"));
        }
        if (req.isStateChanging() && caller.viaSession() && !caller.session().csrfMatches(req.header(CSRF_HEADER))) {
            return done(WebResponse.error(HttpResponseStatus.FORBIDDEN, "csrf",
                    "missing or wrong " + CSRF_HEADER + " header").withRoute("csrf"));
        }
        return dispatch(req, caller);
    }

    private CompletableFuture<WebResponse> dispatch(WebRequest req, Caller caller) {
        String path = req.path();
        boolean get = req.method().equals("GET") || req.method().equals("HEAD");
        if (get && (path.equals("/") || path.equals("/index.html"))) {
            return done(file(StaticFiles.INDEX).withRoute("/"));
        }
        if (get && (isHealth(path) || path.equals("/metrics"))) {
            return done(management(path));
        }
        if (path.equals("/logout") && req.method().equals("POST")) {
            return done(auth.logout(caller).withRoute("/logout"));
        }
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> params = route.match(path);
            if (params == null) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(req.method()) || (req.method().equals("HEAD") && route.method().equals("GET"))) {
                return invoke(route, req, caller, params);
            }
        }
        if (pathKnown) {
            return done(WebResponse.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    req.method() + " is not allowed here").withRoute("unmatched"));
        }
        return done(WebResponse.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such resource").withRoute("unmatched"));
    }

    private CompletableFuture<WebResponse> invoke(Route route, WebRequest req, Caller caller, Map<String, String> p) {
        CompletableFuture<WebResponse> f;
        try {
            f = route.handler().handle(req, caller, p);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.handle((r, e) -> {
            if (e == null) {
                return r.withRoute(route.template());
            }
            WebResponse failed = ApiRoutes.failure(e);
            if (failed.status().code() >= 500) {
                LOG.warn("request on {} failed", route.template(), e);
            }
            return failed.withRoute(route.template());
        });
    }

    private WebResponse unauthenticated(WebRequest req) {
        if (req.wantsHtml()) {
            return WebResponse.redirect("/login").withRoute("auth");
        }
        WebResponse r = WebResponse.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "sign in required")
                .withRoute("auth");
        // Only scripts get the Basic challenge: a browser would pop up a password dialog over the view.
        boolean browser = req.header("Sec-Fetch-Mode") != null || req.header("Cookie") != null;
        return browser ? r : r.withHeader("WWW-Authenticate", "Basic realm=\"homeward\", charset=\"UTF-8\"");
    }

    private static boolean isHealth(String path) {
        return path.equals("/health") || path.equals("/health/live") || path.equals("/health/ready");
    }

    /** {@code /metrics}; {@code /health/live} (liveness); {@code /health} and {@code /health/ready} (readiness). */
    private WebResponse management(String path) {
        if (path.equals("/metrics")) {
            return new WebResponse("/metrics", HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                    scrape.scrape().getBytes(StandardCharsets.UTF_8), List.of());
        }
        HealthCheck.Health h = path.equals("/health/live") ? health.live() : health.check();
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("status", h.ready() ? "UP" : "DOWN");
        n.set("details", JsonViews.MAPPER.valueToTree(h.details()));
        return WebResponse.json(h.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, n)
                .withRoute(path);
    }

    private WebResponse file(String name) {
        return file(files.get(name));
    }

    private static WebResponse file(StaticFiles.File f) {
        return new WebResponse("", HttpResponseStatus.OK, f.contentType(), f.body(),
                List.of(Map.entry("Cache-Control", f.cacheControl())));
    }

    private static CompletableFuture<WebResponse> done(WebResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
