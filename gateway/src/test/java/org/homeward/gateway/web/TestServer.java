package org.homeward.gateway.web;

import org.homeward.gateway.app.UserDirectory;
import org.homeward.gateway.app.HealthCheck;
import org.homeward.gateway.app.User;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** An HttpServer on a free loopback port with fakes behind it; users nurse1/secret (nurse) and guest1/secret. */
final class TestServer implements AutoCloseable {
    static final String NURSE = "nurse1";
    static final String PASSWORD = "secret-pw";

    final Clock clock = Clock.systemUTC();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final FakePatientQuery query = new FakePatientQuery();
    final LiveHub hub;
    final FakeAlarmCommands commands;
    final Sessions sessions;
    final HttpSettings settings;
    private HttpServer server;
    int port;

    TestServer(HttpSettings base) {
        this.settings = base;
        this.hub = new LiveHub(query, base.viewerAlarmQueue(), registry, clock);
        this.commands = new FakeAlarmCommands(query, hub, clock);
        this.sessions = new Sessions(base.sessionTtl(), base.sessionIdle(), base.maxSessions(), clock);
        long now = clock.millis();
        query.put(FakePatientQuery.patient("P-001", "Bed A", 38.4, 95, now));
        query.put(FakePatientQuery.patient("P-002", "Bed B", 36.8, 72, now));
    }

    TestServer() {
        this(settings());
    }

    static HttpSettings settings() {
        return settings(HttpSettings.defaults().viewerAlarmQueue(), 0);
    }

    /** Loopback, port 0, with the given per-viewer alarm queue and SO_SNDBUF (0 = OS default). */
    static HttpSettings settings(int alarmQueue, int sendBuffer) {
        HttpSettings d = HttpSettings.defaults();
        return new HttpSettings("127.0.0.1", 0, d.maxBodyBytes(), d.sessionTtl(), d.sessionIdle(), d.maxSessions(),
                false, false, d.loginFailuresPerMinute(), d.idleTimeout(), d.heartbeatInterval(), alarmQueue,
                d.maxShelveMinutes(), sendBuffer, d.maxConnections(), d.maxConnectionsPerAddress(),
                d.requestTimeout());
    }

    static final UserDirectory USERS = (user, password) -> {
        Map<String, String> roles = Map.of(NURSE, User.NURSE, "admin1", User.ADMIN, "guest1", "guest");
        boolean ok = roles.containsKey(user) && PASSWORD.equals(new String(password));
        return ok ? Optional.of(new User(user, roles.get(user))) : Optional.empty();
    };

    TestServer start() throws InterruptedException {
        HttpSettings s = port == 0 ? settings.withPort(settings.port()) : settings.withPort(port);
        server = new HttpServer(new WebParts(s, query, commands, USERS, registry,
                () -> new HealthCheck.Health(true, Map.of("journal", "ok")), hub, registry, clock, null, null, null),
                sessions);
        port = server.start();
        return this;
    }

    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    double count(String route, String status) {
        var c = registry.find(org.homeward.gateway.metrics.Meters.HTTP_REQUESTS).tags("route", route, "status", status)
                .counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        stop();
    }
}
