package org.homeward.sim.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.homeward.sim.model.DeviceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ProvisionerTest {
    private final GatewayCli cli = new GatewayCli("java", Path.of("gw.jar"), Path.of("config/gateway.yaml"),
            List.of("data.dir=/tmp/d", "mqtt.port=0"));

    @Test
    void buildsTheContractCommandLines() {
        assertThat(cli.addPatient("p-1a2b3c", LocalDate.of(2026, 1, 5), "axi-cel")).containsExactly(
                "java", "-jar", "gw.jar", "--config", "config/gateway.yaml", "--set", "data.dir=/tmp/d",
                "--set", "mqtt.port=0", "patients", "add", "--patient", "p-1a2b3c", "--infusion-date", "2026-01-05",
                "--product", "axi-cel");
        assertThat(cli.addDevice("d-00ff00ff", "p-1a2b3c", "bp-cuff")).containsExactly(
                "java", "-jar", "gw.jar", "--config", "config/gateway.yaml", "--set", "data.dir=/tmp/d",
                "--set", "mqtt.port=0", "devices", "add", "--device", "d-00ff00ff", "--patient", "p-1a2b3c",
                "--kind", "bp-cuff");
        assertThat(new GatewayCli("java", Path.of("gw.jar"), null, List.of()).addPatient("p-1", LocalDate.of(2026, 1, 5), null))
                .containsExactly("java", "-jar", "gw.jar", "patients", "add", "--patient", "p-1", "--infusion-date", "2026-01-05");
    }

    @Test
    void provisionsThreeDevicesPerPatientWithSeededPseudonymsAndPrintedSecrets() throws IOException {
        List<List<String>> calls = new ArrayList<>();
        CommandRunner fake = cmd -> {
            calls.add(cmd);
            int i = cmd.indexOf("--device");
            return i < 0 ? "{\"patientId\":\"x\"}" : "{\"deviceId\": \"" + cmd.get(i + 1) + "\", \"secret\": \"sec-" + calls.size() + "\"}\n";
        };
        List<Credential> creds = new Provisioner(cli, fake).provision(2, 42, LocalDate.of(2026, 3, 1), null);

        assertThat(calls).hasSize(8);
        assertThat(calls.get(0)).containsSubsequence("patients", "add", "--infusion-date", "2026-03-01");
        assertThat(calls.get(1)).containsSubsequence("devices", "add", "--kind", "patch");
        assertThat(creds).hasSize(6);
        assertThat(creds).allSatisfy(c -> {
            assertThat(c.deviceId()).matches("d-[0-9a-f]{8}");
            assertThat(c.patientId()).matches("p-[0-9a-f]{6}");
            assertThat(c.secret()).startsWith("sec-");
        });
        assertThat(creds.stream().map(Credential::kind)).containsExactly("patch", "oximeter", "bp-cuff", "patch", "oximeter", "bp-cuff");
        List<Integer> progress = new ArrayList<>();
        List<Credential> again = new Provisioner(cli, fake).provision(2, 42, LocalDate.of(2026, 3, 1), null, progress::add);
        assertThat(progress).containsExactly(1, 2);
        assertThat(again.stream().map(Credential::deviceId)).isEqualTo(creds.stream().map(Credential::deviceId).toList());
    }

    @Test
    void aDeviceAddWithoutSecretIsAnError() {
        CommandRunner fake = cmd -> cmd.contains("devices") ? "error: unknown patient" : "{}";
        assertThatThrownBy(() -> new Provisioner(cli, fake).provision(1, 1, LocalDate.of(2026, 3, 1), null))
                .isInstanceOf(IOException.class);
    }

    @Test
    void parsesPrettyPrintedOutputAfterLogLines() throws IOException {
        Credential c = Provisioner.parseDevice("starting...\n{\n  \"deviceId\": \"d-1\",\n  \"secret\": \"abc\"\n}\n", "p-1", DeviceKind.PATCH);
        assertThat(c).isEqualTo(new Credential("d-1", "abc", "p-1", "patch"));
    }

    @Test
    void credentialsFileRoundTripsAndGroupsKits(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("creds.json");
        List<Credential> creds = List.of(new Credential("d-1", "s1", "p-1", "patch"), new Credential("d-2", "s2", "p-1", "oximeter"),
                new Credential("d-3", "s3", "p-1", "bp-cuff"), new Credential("d-4", "s4", "p-2", "patch"));
        CredentialsFile.write(f, creds);

        assertThat(CredentialsFile.read(f)).isEqualTo(creds);
        assertThat(Files.readString(f)).contains("\"deviceId\"", "\"secret\"", "\"patientId\"", "\"kind\"");
        Map<String, Map<DeviceKind, Credential>> kits = CredentialsFile.byPatient(creds);
        assertThat(CredentialsFile.completeKits(kits)).containsExactly("p-1");
        assertThatThrownBy(() -> CredentialsFile.read(dir.resolve("missing.json"))).hasMessageContaining("provision");
    }
}
