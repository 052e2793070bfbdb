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
    void buildsTheContractImportCommandLine() {
        assertThat(cli.importRoster(Path.of("/tmp/r.csv"))).containsExactly(
                "java", "-jar", "gw.jar", "--config", "config/gateway.yaml", "--set", "data.dir=/tmp/d",
                "--set", "mqtt.port=0", "patients", "import", "--csv", "/tmp/r.csv");
        assertThat(new GatewayCli("java", Path.of("gw.jar"), null, List.of()).importRoster(Path.of("r.csv")))
                .containsExactly("java", "-jar", "gw.jar", "patients", "import", "--csv", "r.csv");
    }

    /** Answers an import as the gateway does: one JSON line per roster device (the roster is read while it exists). */
    private static String answer(List<String> cmd, List<String> rosters) throws IOException {
        String csv = Files.readString(Path.of(cmd.get(cmd.indexOf("--csv") + 1)));
        rosters.add(csv);
        StringBuilder out = new StringBuilder("a log line\n");
        String[] lines = csv.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            out.append("{\"deviceId\":\"").append(f[3]).append("\",\"secret\":\"sec-").append(i)
                    .append("\",\"patientId\":\"").append(f[0]).append("\",\"kind\":\"").append(f[4]).append("\"}\n");
        }
        return out.toString();
    }

    @Test
    void provisionsThreeDevicesPerPatientWithOneImportOfSeededPseudonyms() throws IOException {
        List<List<String>> calls = new ArrayList<>();
        List<String> rosters = new ArrayList<>();
        CommandRunner gateway = cmd -> {
            calls.add(cmd);
            return answer(cmd, rosters);
        };
        List<Credential> creds = new Provisioner(cli, gateway).provision(2, 42, LocalDate.of(2026, 3, 1), "axi-cel");

        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).containsSubsequence("patients", "import", "--csv");
        assertThat(rosters.get(0)).startsWith("patient,infusion-date,product,device,kind\n").contains(",2026-03-01,axi-cel,d-");
        assertThat(Path.of(calls.get(0).get(calls.get(0).size() - 1))).doesNotExist();
        assertThat(creds).hasSize(6);
        assertThat(creds).allSatisfy(c -> {
            assertThat(c.deviceId()).matches("d-[0-9a-f]{8}");
            assertThat(c.patientId()).matches("p-[0-9a-f]{6}");
            assertThat(c.secret()).startsWith("sec-");
        });
        assertThat(creds.stream().map(Credential::kind)).containsExactly("patch", "oximeter", "bp-cuff", "patch", "oximeter", "bp-cuff");
        List<Integer> progress = new ArrayList<>();
        List<Credential> again = new Provisioner(cli, gateway).provision(2, 42, LocalDate.of(2026, 3, 1), null, progress::add);
        assertThat(progress).containsExactly(2);
        assertThat(again.stream().map(Credential::deviceId)).isEqualTo(creds.stream().map(Credential::deviceId).toList());
    }

    @Test
    void anImportThatEnrolsFewerDevicesOrPrintsNoSecretIsAnError() {
        assertThatThrownBy(() -> new Provisioner(cli, cmd -> "").provision(1, 1, LocalDate.of(2026, 3, 1), null))
                .isInstanceOf(IOException.class).hasMessageContaining("enrolled 0 devices, expected 3");
        assertThatThrownBy(() -> new Provisioner(cli, cmd -> "{\"deviceId\":\"d-1\"}").provision(1, 1, LocalDate.of(2026, 3, 1), null))
                .isInstanceOf(IOException.class).hasMessageContaining("without deviceId, secret");
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
