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
}
