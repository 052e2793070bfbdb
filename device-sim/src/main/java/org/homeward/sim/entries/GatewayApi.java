package org.homeward.sim.entries;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The gateway's JSON API as a signed-in user: {@code POST /login} (form) once, then the session
 * cookie {@code hw_session} and the CSRF token from {@code hw_csrf} on every request; a 401 or a
 * CSRF refusal signs in again once. A refused sign-in (wrong user or password) is not retried for
 * a minute, so a wrong password cannot run into the gateway's sign-in throttle. Not thread-safe:
 * one caller thread (the entry sink's worker). Blocks for at most the request time-out per call.
 */
final class GatewayApi {
    /** How one call ended. */
    enum Outcome { OK, RETRY, REFUSED }

    static final String SESSION_COOKIE = "hw_session";
    static final String CSRF_COOKIE = "hw_csrf";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long LOGIN_REFUSED_PAUSE_MS = 60_000;

    private final String base;
    private final String user;
    private final char[] password;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private String session;
    private String csrf;
    private long loginRefusedUntil;
    private String lastProblem = "";

    GatewayApi(URI base, String user, char[] password, Clock clock) {
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b; // a path prefix (reverse proxy) is kept
        this.user = user;
        this.password = password.clone();
        this.clock = clock;
    }

    /** The reason of the last non-OK outcome (status and error code, never patient data). */
    String lastProblem() {
        return lastProblem;
    }

    /** Posts one manual entry ({@code body} is the JSON object) for {@code patientId}. */
    Outcome postEntry(String patientId, String body) {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (session == null) {
                Outcome login = login();
                if (login != Outcome.OK) {
                    return login;
                }
            }
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/patients/"
                            + URLEncoder.encode(patientId, StandardCharsets.UTF_8) + "/entries"))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .header("Cookie", SESSION_COOKIE + "=" + session + "; " + CSRF_COOKIE + "=" + csrf)
                    .header("X-CSRF-Token", csrf)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> r = send(req);
            if (r == null) {
                return Outcome.RETRY;
            }
            int status = r.statusCode();
            if (status == 201 || status == 200) {
                return Outcome.OK;
            }
            if (status == 401 || (status == 403 && r.body().contains("csrf"))) {
                session = null; // expired or signed out: sign in again, once
                continue;
            }
            return problem(status == 429 || status >= 500 ? Outcome.RETRY : Outcome.REFUSED,
                    "HTTP " + status + " " + errorCode(r.body()));
        }
        return problem(Outcome.RETRY, "still unauthorized after signing in again");
    }

    private Outcome login() {
        if (clock.millis() < loginRefusedUntil) {
            return problem(Outcome.REFUSED, "sign-in refused for user " + user);
        }
        String form = "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(new String(password), StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/login")).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> r = send(req);
        if (r == null) {
            return Outcome.RETRY;
        }
        List<String> cookies = r.headers().allValues("Set-Cookie");
        String s = cookie(cookies, SESSION_COOKIE);
        String c = cookie(cookies, CSRF_COOKIE);
        if (s != null && c != null) {
            session = s;
            csrf = c;
            return Outcome.OK;
        }
        if (r.statusCode() == 303 || r.statusCode() == 401) {
            loginRefusedUntil = clock.millis() + LOGIN_REFUSED_PAUSE_MS;
            return problem(Outcome.REFUSED, "sign-in refused for user " + user + " (wrong user or password?)");
        }
        return problem(Outcome.RETRY, "sign-in HTTP " + r.statusCode() + " " + errorCode(r.body()));
    }

    /** The response, or null (with {@link #lastProblem} set) when the request did not complete. */
    private HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            problem(Outcome.RETRY, req.uri().getPath() + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(Outcome.RETRY, "interrupted");
        }
        return null;
    }

    private Outcome problem(Outcome o, String why) {
        lastProblem = why;
        return o;
    }

    /** The value of cookie {@code name} among Set-Cookie header values, or null. */
    static String cookie(List<String> setCookies, String name) {
        for (String h : setCookies) {
            int eq = h.indexOf('=');
            if (eq > 0 && h.substring(0, eq).trim().equals(name)) {
                int end = h.indexOf(';', eq);
                String v = (end < 0 ? h.substring(eq + 1) : h.substring(eq + 1, end)).trim();
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    private static String errorCode(String body) {
        int i = body.indexOf("\"error\"");
        if (i < 0) {
            return "";
        }
        int a = body.indexOf('"', body.indexOf(':', i) + 1);
        int b = a < 0 ? -1 : body.indexOf('"', a + 1);
        return b < 0 ? "" : body.substring(a + 1, b);
    }
}
