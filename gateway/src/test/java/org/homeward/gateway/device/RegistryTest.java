package org.homeward.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.audit.AuditLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RegistryTest {
    @TempDir
    Path dataDir;
    RegistryStore store;
    RegistryAdmin admin;
    AuditLog audit;

    @BeforeEach
    void setUp() {
        store = new RegistryStore(dataDir);
        audit = new AuditLog(dataDir.resolve("audit/audit.log"));
        admin = new RegistryAdmin(store, audit, Clock.systemUTC());
    }

    @Test
    void aDeviceAuthenticatesWithItsSecretAndTheFileHoldsNoSecret() throws Exception {
        admin.addPatient("p-001", "2026-11-20", "axi-cel", "", "test");
        String secret = admin.addDevice("d-001", "p-001", "patch", "test");
        FileDeviceDirectory dir = new FileDeviceDirectory(store);

        assertThat(secret).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
        assertThat(dir.authenticate("d-001", secret.getBytes(StandardCharsets.UTF_8)))
                .contains(new DeviceInfo("d-001", "p-001", "patch"));
        assertThat(dir.explainFailure("d-001", "wrong".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DeviceDirectory.AuthFailure.BAD_SECRET);
        assertThat(dir.explainFailure("d-404", secret.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DeviceDirectory.AuthFailure.UNKNOWN_DEVICE);
        assertThat(dir.pskFor("d-001")).hasValueSatisfying(psk ->
                assertThat(new String(psk, StandardCharsets.UTF_8)).isEqualTo(secret));
        assertThat(Files.readString(store.file())).doesNotContain(secret);
    }

    @Test
    void revocationIsPickedUpWithoutRestartAndListenersHearOfIt() throws Exception {
        admin.addPatient("p-001", "2026-11-20", "", "", "test");
        String secret = admin.addDevice("d-001", "p-001", "oximeter", "test");
        FileDeviceDirectory dir = new FileDeviceDirectory(store);
        List<String> deactivated = new ArrayList<>();
        dir.onDeactivated(deactivated::add);

        admin.revokeDevice("d-001", "test");
        touchForward(store.file());
        assertThat(dir.refresh()).isTrue();

        assertThat(deactivated).containsExactly("d-001");
        assertThat(dir.explainFailure("d-001", secret.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DeviceDirectory.AuthFailure.REVOKED);
        assertThat(dir.pskFor("d-001")).isEmpty();
    }

    @Test
    void reAddingADeviceRotatesItsSecret() throws Exception {
        admin.addPatient("p-001", "2026-11-20", "", "", "test");
        admin.addPatient("p-002", "2026-11-21", "", "", "test");
        String first = admin.addDevice("d-001", "p-001", "patch", "test");
        String second = admin.addDevice("d-001", "p-002", "patch", "test");
        FileDeviceDirectory dir = new FileDeviceDirectory(store);

        assertThat(second).isNotEqualTo(first);
        assertThat(dir.authenticate("d-001", first.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(dir.authenticate("d-001", second.getBytes(StandardCharsets.UTF_8)))
                .hasValueSatisfying(d -> assertThat(d.patientId()).isEqualTo("p-002"));
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThatThrownBy(() -> admin.addPatient("John Smith", "2026-11-20", "", "", "t"))
                .hasMessageContaining("not a valid pseudonym");
        assertThatThrownBy(() -> admin.addPatient("p-1", "20/11/2026", "", "", "t"))
                .hasMessageContaining("YYYY-MM-DD");
        assertThatThrownBy(() -> admin.addDevice("d-1", "p-unknown", "patch", "t"))
                .hasMessageContaining("is not registered");
        assertThatThrownBy(() -> admin.addDevice("d/1", "p-1", "patch", "t"))
                .hasMessageContaining("not a valid pseudonym");
        assertThatThrownBy(() -> admin.addDevice("d-1", "p-1", "toaster", "t"))
                .hasMessageContaining("--kind 'toaster'");
        assertThatThrownBy(() -> admin.revokeDevice("d-none", "t")).hasMessageContaining("not registered");
        assertThatThrownBy(() -> admin.addUser("nurse1", "nurse", "short".toCharArray(), "t"))
                .hasMessageContaining("at least 8");
    }

    @Test
    void usersArePbkdf2HashedAndEveryChangeIsAudited() throws Exception {
        admin.addUser("nurse1", "nurse", "correct horse".toCharArray(), "test");
        RegistryData.User u = store.read().users().get(0);
        assertThat(u.iterations()).isGreaterThanOrEqualTo(100_000);
        assertThat(PasswordHasher.verify(u, "correct horse".toCharArray())).isTrue();
        assertThat(PasswordHasher.verify(u, "wrong horse".toCharArray())).isFalse();
        assertThat(Files.readString(store.file())).doesNotContain("correct horse");
        assertThat(audit.verify().ok()).isTrue();
        assertThat(audit.verify().entries()).isEqualTo(1);
    }

    @Test
    void findAnswersOnlyForActiveDevicesOfActivePatientsAndFollowsReloads() throws Exception {
        admin.addPatient("p-001", "2026-11-20", "", "", "test");
        admin.addPatient("p-002", "2026-11-20", "", "", "test");
        admin.addDevice("d-001", "p-001", "oximeter", "test");
        admin.addDevice("d-002", "p-001", "patch", "test");
        admin.addDevice("d-003", "p-002", "patch", "test");
        FileDeviceDirectory dir = new FileDeviceDirectory(store);
        assertThat(dir.find("d-001")).contains(new DeviceInfo("d-001", "p-001", "oximeter"));
        assertThat(dir.find("d-001").orElseThrow()).as("one answer per registry version")
                .isSameAs(dir.find("d-001").orElseThrow());
        assertThat(dir.find("d-404")).isEmpty();
        assertThat(dir.find(null)).isEmpty();

        admin.revokeDevice("d-002", "test");
        admin.episodes().discharge("p-002", "well", "test");
        touchForward(store.file());
        assertThat(dir.refresh()).isTrue();
        assertThat(dir.find("d-001")).isPresent();
        assertThat(dir.find("d-002")).as("revoked").isEmpty();
        assertThat(dir.find("d-003")).as("its patient was discharged").isEmpty();
    }

    private static void touchForward(Path f) throws Exception {
        // file systems with coarse timestamps: make the change visible to the mtime+size check
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2_000));
    }
}
