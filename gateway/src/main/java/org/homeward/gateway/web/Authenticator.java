package org.homeward.gateway.web;

import org.homeward.gateway.app.UserDirectory;
import org.homeward.gateway.app.User;
import org.homeward.gateway.audit.AuditTrail;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.homeward.gateway.metrics.Meters;

/**
 * Who is calling: the session cookie, or HTTP Basic credentials checked on the authentication
 * pool (password hashing may be slow, so never on an event loop). Also signs in and out.
 * Failed credentials of either kind count towards the per-address throttle.
 */
final class Authenticator {
    static final String SESSION_COOKIE = "hw_session";
    static final String CSRF_COOKIE = "hw_csrf";
    /** Sent by the view on requests it makes without a user action. */
    static final String BACKGROUND_HEADER = "X-Homeward-Background";
    private static final int MAX_USER = 100;
    private static final int MAX_PASSWORD = 256;

    /** Outcome of resolving a caller. */
    record Result(Optional<Caller> caller, HttpResponseStatus refusal, long retryAfterSeconds) {
        static final Result ANONYMOUS = new Result(Optional.empty(), null, 0);
    }

    private final UserDirectory users;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Executor authPool;
    private final boolean secureCookies;
    private final MeterRegistry registry;
    private final AuditTrail audit;

    Authenticator(UserDirectory users, Sessions sessions, LoginThrottle throttle, Executor authPool,
                  boolean secureCookies, MeterRegistry registry, AuditTrail audit) {
        this.audit = audit;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.authPool = authPool;
        this.secureCookies = secureCookies;
        this.registry = registry;
    }

    Sessions sessions() {
        return sessions;
    }

    CompletableFuture<Result> authenticate(WebRequest req) {
        // Requests the page makes by itself (trend refresh, reconnect checks) do not keep a session alive.
        boolean byPerson = req.header(BACKGROUND_HEADER) == null;
        Optional<Sessions.Session> s = sessions.find(cookie(req, SESSION_COOKIE), byPerson);
        if (s.isPresent()) {
            return CompletableFuture.completedFuture(new Result(Optional.of(new Caller(s.get().user, s.get())), null, 0));
        }
        String auth = req.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return CompletableFuture.completedFuture(Result.ANONYMOUS);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            fail("malformed_basic");
            return CompletableFuture.completedFuture(Result.ANONYMOUS);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            fail("malformed_basic");
            return CompletableFuture.completedFuture(Result.ANONYMOUS);
        }
        return verify(req.remote(), decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray())
                .thenApply(r -> r.caller().isEmpty() ? r
                        : new Result(Optional.of(new Caller(r.caller().get().user(), null)), null, 0));
    }

    /** {@code POST /login} with a form body {@code user=…&password=…}. */
    CompletableFuture<WebResponse> login(WebRequest req) {
        QueryStringDecoder form = new QueryStringDecoder("?" + new String(req.body(), StandardCharsets.UTF_8));
        String user = first(form.parameters().get("user"));
        String password = first(form.parameters().get("password"));
        if (user == null || password == null || user.isBlank() || user.length() > MAX_USER
                || password.length() > MAX_PASSWORD) {
            fail("bad_form");
            audit.record(auditName(user), "signin.failed", Map.of("remote", req.remote(), "reason", "bad_form"));
            return CompletableFuture.completedFuture(WebResponse.redirect("/login?failed=1"));
        }
        return verify(req.remote(), user.trim(), password.toCharArray()).thenApply(r -> {
            if (r.refusal() != null) {
                return req.wantsHtml() ? refusalPage(r) : refusal(r);
            }
            if (r.caller().isEmpty()) {
                return WebResponse.redirect("/login?failed=1");
            }
            return sessions.create(r.caller().get().user())
                    .map(s -> {
                        audit.record(s.user.name(), "signin", Map.of("remote", req.remote(), "via", "form"));
                        return signedIn(s);
                    })
                    .orElseGet(() -> WebResponse.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "sessions_full",
                            "too many open sessions; try again later"));
        });
    }

    /** {@code POST /logout}: ends the session and clears both cookies. */
    WebResponse logout(Caller caller) {
        if (caller.session() != null) {
            sessions.end(caller.session().token);
        }
        return WebResponse.redirect("/login")
                .withHeader("Set-Cookie", cookieHeader(SESSION_COOKIE, "", 0, true))
                .withHeader("Set-Cookie", cookieHeader(CSRF_COOKIE, "", 0, false));
    }

    static WebResponse refusal(Result r) {
        if (r.refusal() == HttpResponseStatus.TOO_MANY_REQUESTS) {
            return WebResponse.error(r.refusal(), "too_many_attempts", "too many failed sign-ins; try again later")
                    .withHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
        }
        return WebResponse.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "auth_busy", "sign-in is busy; try again")
                .withHeader("Retry-After", "1");
    }

    /** The same refusal for a browser's sign-in form: a short page instead of JSON. */
    private static WebResponse refusalPage(Result r) {
        String text = r.refusal() == HttpResponseStatus.TOO_MANY_REQUESTS
                ? "Too many failed sign-ins from this computer. Try again in " + r.retryAfterSeconds() + " s."
                : "Sign-in is busy. Try again in a moment.";
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Homeward</title>"
                + "<link rel=\"stylesheet\" href=\"/style.css\"></head><body class=\"login-page\"><main class=\"login-box\">"
                + "<p class=\"login-error\" data-testid=\"login-throttled\">" + text + "</p><a href=\"/login\">Back</a>"
                + "</main></body></html>";
        return new WebResponse("", r.refusal(), "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8),
                List.of(Map.entry("Retry-After", Long.toString(Math.max(1, r.retryAfterSeconds())))));
    }

    static String cookie(WebRequest req, String name) {
        String header = req.header("Cookie");
        if (header == null) {
            return null;
        }
        for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
            if (c.name().equals(name)) {
                return c.value();
            }
        }
        return null;
    }

    private WebResponse signedIn(Sessions.Session s) {
        return WebResponse.redirect("/")
                .withHeader("Set-Cookie", cookieHeader(SESSION_COOKIE, s.token, sessions.maxAgeSeconds(), true))
                .withHeader("Set-Cookie", cookieHeader(CSRF_COOKIE, s.csrfToken, sessions.maxAgeSeconds(), false));
    }

    private String cookieHeader(String name, String value, long maxAge, boolean httpOnly) {
        return name + "=" + value + "; Path=/; Max-Age=" + maxAge + (httpOnly ? "; HttpOnly" : "")
                + "; SameSite=Strict" + (secureCookies ? "; Secure" : "");
    }

    private CompletableFuture<Result> verify(String remote, String user, char[] password) {
        long wait = throttle.retryAfterSeconds(remote);
        if (wait > 0) {
            Arrays.fill(password, '\0');
            fail("throttled");
            audit.record(auditName(user), "signin.failed", Map.of("remote", remote, "reason", "throttled"));
            return CompletableFuture.completedFuture(new Result(Optional.empty(), HttpResponseStatus.TOO_MANY_REQUESTS, wait));
        }
        try {
            return CompletableFuture.supplyAsync(() -> check(remote, user, password), authPool);
        } catch (RejectedExecutionException e) {
            fail("auth_pool_full");
            return CompletableFuture.completedFuture(new Result(Optional.empty(), HttpResponseStatus.SERVICE_UNAVAILABLE, 1));
        }
    }

    private Result check(String remote, String user, char[] password) {
        Optional<User> u;
        try {
            u = users.verify(user, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        if (u.isEmpty()) {
            throttle.recordFailure(remote);
            fail("bad_credentials");
            audit.record(auditName(user), "signin.failed", Map.of("remote", remote, "reason", "bad_credentials"));
            return Result.ANONYMOUS;
        }
        throttle.recordSuccess(remote);
        return new Result(Optional.of(new Caller(u.get(), null)), null, 0);
    }

    private void fail(String reason) {
        registry.counter(Meters.AUTH_FAILURES, "transport", "http", "reason", reason).increment();
    }

    /**
     * The typed user name if such a user exists, else a placeholder: people sometimes type their
     * password into the user field, and that must not end up in the audit log (a password can look
     * like a user name, so its shape is no test).
     */
    private String auditName(String typed) {
        if (typed == null || typed.isBlank()) {
            return "(none)";
        }
        String t = typed.trim();
        return t.length() <= MAX_USER && users.isKnown(t) ? t : "(unrecognised)";
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
