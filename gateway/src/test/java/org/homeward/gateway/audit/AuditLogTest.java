package org.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class AuditLogTest {
    @Test
    void theChainDetectsAnEditedEntry(@TempDir Path dir) throws Exception {
        AuditLog log = new AuditLog(dir.resolve("audit.log"));
        log.append("nurse1", "alarm.ack", Map.of("alarm", "a-1", "note", "called patient"), Instant.parse("2026-11-25T10:00:00Z"));
        log.append("nurse1", "patient.view", Map.of("patient", "p-001"), Instant.parse("2026-11-25T10:01:00Z"));
        log.append("admin", "device.revoke", Map.of("device", "d-9"), Instant.parse("2026-11-25T10:02:00Z"));
        assertThat(log.verify().ok()).isTrue();
        assertThat(log.verify().entries()).isEqualTo(3);

        List<String> lines = Files.readAllLines(log.file(), StandardCharsets.UTF_8);
        lines.set(1, lines.get(1).replace("p-001", "p-002"));
        Files.write(log.file(), lines, StandardCharsets.UTF_8);

        AuditLog.Verification v = log.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.badLine()).isEqualTo(2);
        assertThat(v.why()).contains("content does not match its hash");
    }

    @Test
    void theChainDetectsARemovedEntry(@TempDir Path dir) throws Exception {
        AuditLog log = new AuditLog(dir.resolve("audit.log"));
        for (int i = 0; i < 3; i++) {
            log.append("system", "x", Map.of("i", Integer.toString(i)), Instant.EPOCH);
        }
        List<String> lines = Files.readAllLines(log.file(), StandardCharsets.UTF_8);
        lines.remove(1);
        Files.write(log.file(), lines, StandardCharsets.UTF_8);
        assertThat(log.verify().ok()).isFalse();
        assertThat(log.verify().why()).contains("prev does not match");
    }
}
