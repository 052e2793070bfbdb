package org.homeward.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.homeward.gateway.GatewayMain;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.RegistryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The contract's administration commands: JSON on stdout, a clear error and a non-zero exit on bad input. */
@Timeout(60)
class AdminCliTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = GatewayMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    String[] with(String... args) {
        return with(dir, args);
    }

    /** The shipped configuration with {@code data.dir} set to {@code dir}, then {@code args}. */
    static String[] with(Path dir, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--config";
        all[1] = Path.of(System.getProperty("homeward.repo.root", "..")).resolve("config/gateway.yaml").toString();
        all[2] = "--set";
        all[3] = "data.dir=" + dir;
        System.arraycopy(args, 0, all, 4, args.length);
        return all;
    }

    @Test
    void devicesAddPrintsTheSecretOnceAndTheDeviceCanAuthenticateWithIt() throws Exception {
        Run p = run(with("patients", "add", "--patient", "p-7c1e9a", "--infusion-date", "2026-11-20", "--product", "axi-cel"));
        assertThat(p.exit).as(p.err).isZero();
        assertThat(new ObjectMapper().readTree(p.out).path("patientId").asText()).isEqualTo("p-7c1e9a");

        Run d = run(with("devices", "add", "--device", "d-3f8a", "--patient", "p-7c1e9a", "--kind", "oximeter"));
        assertThat(d.exit).as(d.err).isZero();
        JsonNode json = new ObjectMapper().readTree(d.out);
        assertThat(json.path("deviceId").asText()).isEqualTo("d-3f8a");
        String secret = json.path("secret").asText();
        assertThat(new FileDeviceDirectory(new RegistryStore(dir))
                .authenticate("d-3f8a", secret.getBytes(StandardCharsets.UTF_8))).isPresent();
        assertThat(Files.readString(dir.resolve("registry/registry.json"))).doesNotContain(secret);

        Run r = run(with("devices", "revoke", "--device", "d-3f8a"));
        assertThat(r.exit).isZero();
        assertThat(new FileDeviceDirectory(new RegistryStore(dir))
                .authenticate("d-3f8a", secret.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void badInputGetsAClearErrorAndExitCode2() {
        Run bad = run(with("patients", "add", "--patient", "p-1", "--infusion-date", "tomorrow"));
        assertThat(bad.exit).isEqualTo(2);
        assertThat(bad.err).contains("--infusion-date 'tomorrow' is not a date in the form YYYY-MM-DD");
        assertThat(bad.out).isEmpty();

        Run missing = run(with("devices", "add", "--device", "d-1"));
        assertThat(missing.exit).isEqualTo(2);
        assertThat(missing.err).contains("Missing required options");
    }

    @Test
    void aBadConfigurationListsEveryProblemAndStartsNothing() {
        Run r = run("--config", dir.resolve("missing.yaml").toString(), "--set", "mqtt.port=99999", "--set", "nope=1");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("no such file").contains("mqtt.port = '99999': out of range")
                .contains("nope: unknown setting");
    }

    @Test
    void devicesMoveKeepsTheSecretRotateReplacesItAndUsersDisableRefusesSignIn() throws Exception {
        run(with("patients", "add", "--patient", "p-a", "--infusion-date", "2026-11-20"));
        run(with("patients", "add", "--patient", "p-b", "--infusion-date", "2026-11-20"));
        String secret = new ObjectMapper().readTree(run(with("devices", "add", "--device", "d-k", "--patient", "p-a",
                "--kind", "patch")).out).path("secret").asText();
        Run m = run(with("devices", "move", "--device", "d-k", "--patient", "p-b"));
        assertThat(m.exit).as(m.err).isZero();
        assertThat(new FileDeviceDirectory(new RegistryStore(dir)).authenticate("d-k", secret.getBytes(StandardCharsets.UTF_8)))
                .hasValueSatisfying(d -> assertThat(d.patientId()).isEqualTo("p-b"));
        Run bad = run(with("devices", "move", "--device", "d-k", "--patient", "p-none"));
        assertThat(bad.exit).isEqualTo(2);
        assertThat(bad.err).contains("patient 'p-none' is not registered");

        Run rot = run(with("devices", "rotate", "--device", "d-k"));
        assertThat(rot.exit).as(rot.err).isZero();
        String fresh = new ObjectMapper().readTree(rot.out).path("secret").asText();
        FileDeviceDirectory after = new FileDeviceDirectory(new RegistryStore(dir));
        assertThat(after.authenticate("d-k", secret.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(after.authenticate("d-k", fresh.getBytes(StandardCharsets.UTF_8))).isPresent();

        new org.homeward.gateway.device.RegistryAdmin(new RegistryStore(dir),
                new org.homeward.gateway.audit.AuditLog(dir.resolve("audit/audit.log")), java.time.Clock.systemUTC())
                .addUser("nurse7", "nurse", "nurse7-password".toCharArray(), "test");
        Run dis = run(with("users", "disable", "--user", "nurse7"));
        assertThat(dis.exit).as(dis.err).isZero();
        assertThat(new RegistryStore(dir).read().users()).anyMatch(u -> u.user().equals("nurse7") && u.disabled());
        assertThat(Files.readString(dir.resolve("audit/audit.log"))).contains("\"device.move\"").contains("\"device.rotate\"")
                .contains("\"user.disable\"");
    }
}
