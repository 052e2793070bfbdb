package org.homeward.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.homeward.gateway.audit.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RegistryBulkTest {
    @TempDir
    Path dataDir;

    @Test
    void bulkRegistersPatientsAndDevicesInOneWriteAndEverySecretAuthenticates() throws Exception {
        RegistryStore store = new RegistryStore(dataDir);
        AuditLog audit = new AuditLog(dataDir.resolve("audit/audit.log"));
        RegistryAdmin admin = new RegistryAdmin(store, audit, Clock.systemUTC());
        admin.addPatient("other", "2026-11-20", "", "", "test");

        List<RegistryAdmin.BulkDevice> devices = admin.addBulk("b-", 120, "patch", "2026-11-20", "test");

        assertThat(devices).hasSize(120);
        assertThat(devices.get(0)).extracting(RegistryAdmin.BulkDevice::deviceId, RegistryAdmin.BulkDevice::patientId)
                .containsExactly("b-d001", "b-p001");
        assertThat(store.read().patients()).hasSize(121);
        assertThat(store.read().devices()).hasSize(120);
        FileDeviceDirectory dir = new FileDeviceDirectory(store);
        for (RegistryAdmin.BulkDevice d : devices) {
            assertThat(dir.authenticate(d.deviceId(), d.secret().getBytes(StandardCharsets.UTF_8)))
                    .contains(new DeviceInfo(d.deviceId(), d.patientId(), "patch"));
        }
        assertThat(audit.verify().entries()).isEqualTo(2);
    }

    @Test
    void bulkAgainGivesNewSecretsAndTheOldOnesStopWorking() {
        RegistryStore store = new RegistryStore(dataDir);
        RegistryAdmin admin = new RegistryAdmin(store, new AuditLog(dataDir.resolve("audit/audit.log")), Clock.systemUTC());
        String first = admin.addBulk("b-", 3, "patch", "2026-11-20", "test").get(1).secret();
        String second = admin.addBulk("b-", 3, "patch", "2026-11-20", "test").get(1).secret();

        FileDeviceDirectory dir = new FileDeviceDirectory(store);
        assertThat(second).isNotEqualTo(first);
        assertThat(dir.authenticate("b-d2", first.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(dir.authenticate("b-d2", second.getBytes(StandardCharsets.UTF_8))).isPresent();
        assertThat(store.read().devices()).hasSize(3);
    }

    @Test
    void badBulkInputIsRefusedWithAClearMessage() {
        RegistryAdmin admin = new RegistryAdmin(new RegistryStore(dataDir),
                new AuditLog(dataDir.resolve("audit/audit.log")), Clock.systemUTC());
        assertThatThrownBy(() -> admin.addBulk("b-", 0, "patch", "2026-11-20", "t")).hasMessageContaining("--count");
        assertThatThrownBy(() -> admin.addBulk("b/", 5, "patch", "2026-11-20", "t")).hasMessageContaining("pseudonym");
        assertThatThrownBy(() -> admin.addBulk("b-", 5, "toaster", "2026-11-20", "t")).hasMessageContaining("--kind");
        assertThatThrownBy(() -> admin.addBulk("b-", 5, "patch", "20/11", "t")).hasMessageContaining("YYYY-MM-DD");
    }
}
