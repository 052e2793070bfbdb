package org.homeward.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeward.sim.model.DeviceKind;
import org.homeward.sim.model.PatientKit;
import org.homeward.sim.provision.Credential;
import org.homeward.sim.provision.CredentialsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} exits 3 with a one-line summary on stderr when a manual entry could not be posted,
 * and 0 when every entry was: against a real broker (the readings are acknowledged) and a small
 * fake of the gateway's sign-in and entry endpoints.
 */
@Timeout(120)
class RunExitCodeTest {
    private volatile int entryStatus;
    private final AtomicInteger entries = new AtomicInteger();

    @Test
    void aManualEntryThatFailedForGoodMakesTheRunExit3WithASummaryLine(@TempDir Path dir) throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/login", this::login);
        api.createContext("/api/patients/", this::entry);
        api.start();
        try (Mosquitto broker = Mosquitto.start(dir)) {
            Path creds = dir.resolve("creds.json");
            PatientKit kit = PatientKit.pseudonymous(98, 0, null);
            CredentialsFile.write(creds, List.of(cred(kit, "patch"), cred(kit, "oximeter"), cred(kit, "bp-cuff")));
            Path password = Files.writeString(dir.resolve("pw.txt"), "pw-nurse\n");
            String[] args = {"run", "--creds", creds.toString(), "--patients", "1",
                    "--mqtt", "127.0.0.1:" + broker.port, "--coap-ratio", "0", "--scenario", "neurotox",
                    "--time-scale", "36000", "--duration", "2s", "--progress", "1s", "--seed", "7",
                    "--oximeter-interval", "500ms", "--patch-interval", "500ms", "--status-interval", "1s",
                    "--api-url", "http://127.0.0.1:" + api.getAddress().getPort(), "--api-user", "nurse1",
                    "--api-password-file", password.toString(), "--api-attempts", "1"};

            entryStatus = 201;
            StringWriter okErr = new StringWriter();
            int ok = SimMain.commandLine().setErr(new PrintWriter(okErr, true)).execute(args);
            assertThat(entries.get()).as("neurotox checks every 8 simulated hours; 2 s at 36000x is 20 h").isPositive();
            assertThat(ok).as(okErr.toString()).isZero();
            assertThat(okErr.toString()).doesNotContain("manual entries failed");

            entryStatus = 404; // e.g. the patient is not registered: a refusal, not retried
            entries.set(0);
            StringWriter failErr = new StringWriter();
            int failed = SimMain.commandLine().setErr(new PrintWriter(failErr, true)).execute(args);
            assertThat(entries.get()).isPositive();
            assertThat(failed).as(failErr.toString()).isEqualTo(3);
            List<String> lines = failErr.toString().lines().filter(l -> l.contains("manual entries failed")).toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).contains("manual entries failed: " + entries.get() + " of ")
                    .contains("posted=0").contains("HTTP 404");
            assertThat(failErr.toString()).doesNotContain("nothing was acknowledged");
        } finally {
            api.stop(0);
        }
    }

    private void login(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        x.getResponseHeaders().add("Set-Cookie", "hw_session=s-1; HttpOnly; SameSite=Strict; Path=/");
        x.getResponseHeaders().add("Set-Cookie", "hw_csrf=c-1; SameSite=Strict; Path=/");
        x.getResponseHeaders().add("Location", "/");
        x.sendResponseHeaders(303, -1);
        x.close();
    }

    private void entry(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        entries.incrementAndGet();
        int status = entryStatus;
        byte[] body = (status == 201 ? "{\"kind\":\"ICE_SCORE\"}" : "{\"error\":\"not_found\"}").getBytes();
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    private static Credential cred(PatientKit kit, String kind) {
        return new Credential(kit.devices().get(DeviceKind.fromCliName(kind)), "s3cret", kit.patientId(), kind);
    }
}
