package org.homeward.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.GatewayMain;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.device.RegistryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A patient's episode on the command line: {@code patients import --csv} (one JSON line per device
 * with its secret; a bad roster names line and field and writes nothing), {@code patients list},
 * {@code patients discharge} (devices released), re-admission by {@code patients add}, and the
 * upgrade of a registry file written before format versions existed.
 */
@Timeout(60)
class PatientEpisodeCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> out = new ArrayList<>();
            for (String l : this.out.split("\n")) {
                if (!l.isBlank()) {
                    out.add(JSON.readTree(l));
                }
            }
            return out;
        }
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = GatewayMain.run(AdminCliTest.with(dir, args), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    Path roster(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    boolean authenticates(String device, String secret) {
        return new FileDeviceDirectory(new RegistryStore(dir)).authenticate(device, secret.getBytes(StandardCharsets.UTF_8))
                .isPresent();
    }

    @Test
    void givenARosterWhenImportedThenEachDeviceIsPrintedWithAWorkingSecretAndPatientsAreListedActive() throws Exception {
        Path csv = roster("ward.csv", "# exported from the ward's kit list\n"
                + "patient,infusion-date,product,label,device,kind\n"
                + "p-101,2026-11-20,axi-cel,Bed 1,d-101a,patch\n"
                + "p-101,2026-11-20,axi-cel,Bed 1,d-101b,oximeter\n"
                + "\n"
                + "p-102,2026-11-22,tisa-cel,,d-102a,bp-cuff\n"
                + "p-103,2026-11-23,,,,\n");

        Run r = run("patients", "import", "--csv", csv.toString());

        assertThat(r.exit).as(r.err).isZero();
        List<JsonNode> lines = r.lines();
        assertThat(lines).extracting(j -> j.path("deviceId").asText()).containsExactly("d-101a", "d-101b", "d-102a");
        for (JsonNode j : lines) {
            assertThat(authenticates(j.path("deviceId").asText(), j.path("secret").asText())).isTrue();
        }
        List<JsonNode> listed = run("patients", "list").lines();
        assertThat(listed).extracting(j -> j.path("patientId").asText()).containsExactly("p-101", "p-102", "p-103");
        assertThat(listed).allSatisfy(j -> {
            assertThat(j.path("state").asText()).isEqualTo("active");
            assertThat(j.path("episode").asInt()).isEqualTo(1);
        });
        assertThat(listed.get(0).path("displayLabel").asText()).isEqualTo("Bed 1");
        assertThat(listed.get(0).path("devices")).hasSize(2);
    }

    @Test
    void givenARosterWithBadRowsWhenImportedThenTheErrorNamesEachLineAndFieldAndNothingIsWritten() throws Exception {
        run("patients", "add", "--patient", "p-keep", "--infusion-date", "2026-11-20");
        byte[] before = Files.readAllBytes(dir.resolve("registry/registry.json"));
        Path csv = roster("bad.csv", "patient,infusion-date,device,kind\n"
                + "p-201,2026-11-20,d-201a,patch\n"
                + "p-202,20/11/2026,d-202a,patch\n"
                + "p-203,2026-11-20,d-203a,thermometer\n"
                + "p-204,2026-11-20,d-201a,patch\n"
                + "p-205,2026-11-20,d-205a\n");

        Run r = run("patients", "import", "--csv", csv.toString());

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("nothing was registered",
                "bad.csv line 3, field infusion-date: '20/11/2026' is not a date in the form YYYY-MM-DD",
                "bad.csv line 4, field kind: 'thermometer' is not one of",
                "bad.csv line 5, field device: device 'd-201a' is listed already on line 2",
                "bad.csv line 6, field line: has 3 fields, the header names 4");
        assertThat(Files.readAllBytes(dir.resolve("registry/registry.json"))).isEqualTo(before);
    }

    @Test
    void givenADeviceInUseByAnotherActivePatientWhenImportedThenTheRosterIsRefusedWithItsLine() throws Exception {
        run("patients", "import", "--csv", roster("a.csv", "patient,infusion-date,device,kind\np-1,2026-11-20,d-1,patch\n").toString());
        byte[] before = Files.readAllBytes(dir.resolve("registry/registry.json"));

        Run r = run("patients", "import", "--csv", roster("b.csv", "patient,infusion-date,device,kind\n"
                + "p-2,2026-11-21,d-2,patch\np-2,2026-11-21,d-1,oximeter\n").toString());

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("b.csv line 3, field device: device 'd-1' is in use by another patient");
        assertThat(Files.readAllBytes(dir.resolve("registry/registry.json"))).isEqualTo(before);
    }

    @Test
    void givenADischargedPatientThenItsDevicesAreReleasedForReuseAndAddReadmitsItInANewEpisode() throws Exception {
        List<JsonNode> kit = run("patients", "import", "--csv", roster("a.csv", "patient,infusion-date,device,kind\n"
                + "p-301,2026-11-20,d-301a,patch\np-301,2026-11-20,d-301b,oximeter\n").toString()).lines();
        String oldSecret = kit.get(0).path("secret").asText();

        Run d = run("patients", "discharge", "--patient", "p-301", "--reason", "monitoring completed");

        assertThat(d.exit).as(d.err).isZero();
        JsonNode out = JSON.readTree(d.out);
        assertThat(out.path("state").asText()).isEqualTo("discharged");
        assertThat(out.path("dischargeReason").asText()).isEqualTo("monitoring completed");
        assertThat(out.path("releasedDevices")).extracting(JsonNode::asText).containsExactly("d-301a", "d-301b");
        assertThat(new FileDeviceDirectory(new RegistryStore(dir))
                .explainFailure("d-301a", oldSecret.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DeviceDirectory.AuthFailure.UNASSIGNED);
        assertThat(run("patients", "discharge", "--patient", "p-301").err).contains("already discharged");
        assertThat(run("patients", "list", "--state", "discharged").lines()).extracting(j -> j.path("patientId").asText())
                .containsExactly("p-301");

        // the released kit goes to a new patient with a new secret; the old one no longer works anywhere
        List<JsonNode> reused = run("patients", "import", "--csv", roster("b.csv", "patient,infusion-date,device,kind\n"
                + "p-302,2026-12-01,d-301a,patch\n").toString()).lines();
        assertThat(authenticates("d-301a", reused.get(0).path("secret").asText())).isTrue();
        assertThat(authenticates("d-301a", oldSecret)).isFalse();

        Run readmit = run("patients", "add", "--patient", "p-301", "--infusion-date", "2026-11-20");
        assertThat(readmit.exit).as(readmit.err).isZero();
        assertThat(JSON.readTree(readmit.out).path("episode").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(readmit.out).path("state").asText()).isEqualTo("active");
    }

    @Test
    void givenARegistryFileWithoutFormatVersionWhenReadThenPatientsAreActiveAndTheNextWriteUpgradesIt() throws Exception {
        Files.createDirectories(dir.resolve("registry"));
        Files.writeString(dir.resolve("registry/registry.json"), """
                {"patients":[{"patientId":"p-old","infusionDate":"2026-10-01","product":"axi-cel",
                  "displayLabel":"p-old","addedAt":1790000000000}],
                 "devices":[{"deviceId":"d-old","patientId":"p-old","kind":"patch","generation":1,"revoked":false,
                  "createdAt":1790000000000,"updatedAt":1790000000000}],
                 "users":[]}
                """);

        RegistryData read = new RegistryStore(dir).read();
        assertThat(read.formatVersion()).isEqualTo(1);
        assertThat(read.patient("p-old").active()).isTrue();
        assertThat(read.patient("p-old").episode()).isEqualTo(1);
        assertThat(read.patient("p-old").admittedAt()).isEqualTo(1790000000000L);
        assertThat(new FileDeviceDirectory(new RegistryStore(dir)).find("d-old")).isPresent();

        assertThat(new RegistryStore(dir).upgrade()).isEqualTo(1);

        JsonNode written = JSON.readTree(dir.resolve("registry/registry.json").toFile());
        assertThat(written.path("formatVersion").asInt()).isEqualTo(RegistryData.FORMAT_VERSION);
        assertThat(written.path("patients").get(0).path("state").asText()).isEqualTo("active");
        assertThat(run("patients", "discharge", "--patient", "p-old").exit).isZero();
    }

    @Test
    void givenARegistryFromANewerGatewayThenItIsRefusedRatherThanHalfUnderstood() throws Exception {
        Files.createDirectories(dir.resolve("registry"));
        Files.writeString(dir.resolve("registry/registry.json"), "{\"formatVersion\":99,\"patients\":[]}");

        Run r = run("patients", "list");

        assertThat(r.exit).isNotZero();
        assertThat(r.err).contains("format version 99, newer than this gateway understands");
    }
}
