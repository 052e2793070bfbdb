package org.homeward.sim.entries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeward.sim.model.Channel;
import org.homeward.sim.model.Emission;
import org.homeward.sim.model.Pack;
import org.homeward.sim.model.Rec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The entry sink against a small fake of the gateway's sign-in and entry endpoints: it signs in
 * with the form, sends the session cookie and CSRF token, signs in again after a 401, retries a
 * bounded number of times, and counts every failure instead of throwing.
 */
@Timeout(60)
class HttpEntrySinkTest {
    private static final String PASSWORD = "pw-nurse";
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger posts = new AtomicInteger();
    private volatile int failFirstPostsWith401;
    private volatile int postStatus = 201;
    private volatile String session = "s-1";
    private HttpServer server;

    private URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/login", this::login);
        server.createContext("/api/patients/", this::entry);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void login(HttpExchange x) throws IOException {
        logins.incrementAndGet();
        String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (form.equals("user=nurse1&password=" + PASSWORD)) {
            session = "s-" + logins.get();
            x.getResponseHeaders().add("Set-Cookie", "hw_session=" + session + "; HttpOnly; SameSite=Strict; Path=/");
            x.getResponseHeaders().add("Set-Cookie", "hw_csrf=c-" + session + "; SameSite=Strict; Path=/");
            x.getResponseHeaders().add("Location", "/");
        } else {
            x.getResponseHeaders().add("Location", "/login?failed=1");
        }
        x.sendResponseHeaders(303, -1);
        x.close();
    }

    private void entry(HttpExchange x) throws IOException {
        int n = posts.incrementAndGet();
        String cookie = x.getRequestHeaders().getFirst("Cookie");
        String token = x.getRequestHeaders().getFirst("X-CSRF-Token");
        int status;
        if (n <= failFirstPostsWith401 || cookie == null || !cookie.contains("hw_session=" + session)) {
            status = 401;
        } else if (!("c-" + session).equals(token)) {
            status = 403;
        } else {
            status = postStatus;
            bodies.add(x.getRequestURI().getPath() + " " + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        }
        byte[] body = (status == 201 ? "{\"kind\":\"ICE_SCORE\"}" : "{\"error\":\"e" + status + "\"}").getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    private static HttpEntrySink sink(URI url, String password) {
        return new HttpEntrySink(new HttpEntrySink.Settings(url, "nurse1", password.toCharArray(), 3, Duration.ofMillis(20), 100),
                Clock.systemUTC());
    }

    /** Starts the fake, posts every entry and waits until each is posted or has failed. */
    private HttpEntrySink postAll(String password, Emission... entries) throws IOException {
        HttpEntrySink sink = sink(start(), password);
        for (Emission e : entries) {
            sink.accept(e);
        }
        sink.finish(Duration.ofSeconds(20));
        return sink;
    }

    private static Emission ice(String patient, int score, double time) {
        return new Emission(0, 0, patient, "-", null, Channel.EVENT,
                new Pack("urn:homeward:manual:", List.of(new Rec("ice", null, (double) score, null, time, null))), 48, null, "");
    }

    @Test
    void postsWithSessionCookieAndCsrfTokenAndTheEntryTime() throws Exception {
        HttpEntrySink sink = postAll(PASSWORD, ice("p-1", 8, 1_764_064_800.0), ice("p-1", 5, 1_764_064_801.5));
        assertThat(sink.posted.sum()).isEqualTo(2);
        assertThat(sink.failed.sum()).isZero();
        assertThat(logins.get()).isEqualTo(1);
        assertThat(bodies).containsExactly(
                "/api/patients/p-1/entries {\"kind\":\"ICE_SCORE\",\"value\":8,\"at\":\"2025-11-25T10:00:00Z\"}",
                "/api/patients/p-1/entries {\"kind\":\"ICE_SCORE\",\"value\":5,\"at\":\"2025-11-25T10:00:01.500Z\"}");
    }

    @Test
    void signsInAgainAfter401() throws Exception {
        failFirstPostsWith401 = 1;
        assertThat(postAll(PASSWORD, ice("p-1", 8, 1_764_064_800.0)).posted.sum()).isEqualTo(1);
        assertThat(logins.get()).isEqualTo(2);
    }

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimesThenCounted() throws Exception {
        postStatus = 500;
        HttpEntrySink sink = sink(start(), PASSWORD);
        sink.accept(ice("p-1", 8, 1_764_064_800.0));
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.pending() == 0);
        sink.close();
        assertThat(posts.get()).isEqualTo(3);
        assertThat(sink.retried.sum()).isEqualTo(2);
        assertThat(sink.failed.sum()).isEqualTo(1);
        assertThat(sink.posted.sum()).isZero();
    }

    @Test
    void aRefusalIsNotRetried() throws Exception {
        postStatus = 404;
        HttpEntrySink sink = postAll(PASSWORD, ice("p-unknown", 8, 1_764_064_800.0));
        assertThat(posts.get()).isEqualTo(1);
        assertThat(sink.failed.sum()).isEqualTo(1);
        assertThat(sink.line()).isEqualTo("posted=0 retried=0 failed=1");
    }

    @Test
    void aWrongPasswordSignsInOnceNotOncePerEntry() throws Exception {
        Emission[] five = new Emission[5];
        for (int i = 0; i < 5; i++) {
            five[i] = ice("p-1", 8, 1_764_064_800.0 + i);
        }
        HttpEntrySink sink = postAll("wrong", five);
        assertThat(sink.failed.sum()).isEqualTo(5);
        assertThat(logins.get()).isEqualTo(1);
        assertThat(posts.get()).isZero();
    }

    @Test
    void anUnreachableGatewayIsCountedNotThrown() throws Exception {
        URI url = start();
        server.stop(0);
        server = null;
        HttpEntrySink sink = sink(url, PASSWORD);
        sink.accept(ice("p-1", 8, 1_764_064_800.0));
        sink.finish(Duration.ofSeconds(30));
        assertThat(sink.failed.sum()).isEqualTo(1);
        assertThat(sink.retried.sum()).isEqualTo(2);
    }

    @Test
    void cookieValuesAreReadFromSetCookieHeaders() {
        List<String> headers = List.of("hw_session=abc; HttpOnly; Path=/", "hw_csrf=x-1; Path=/", "other=1");
        assertThat(GatewayApi.cookie(headers, "hw_session")).isEqualTo("abc");
        assertThat(GatewayApi.cookie(headers, "hw_csrf")).isEqualTo("x-1");
        assertThat(GatewayApi.cookie(headers, "missing")).isNull();
        assertThat(GatewayApi.cookie(List.of("hw_session=; Max-Age=0"), "hw_session")).isNull();
    }
}
