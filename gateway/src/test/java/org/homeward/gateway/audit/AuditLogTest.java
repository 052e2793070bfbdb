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

    @Test
    void rotatedFilesKeepOneChainAndVerifyNamesTheFileAndLineOfABreak(@TempDir Path dir) throws Exception {
        AuditLog log = rotatingLog(dir, 60);
        Path first = dir.resolve("audit-000001.log");
        assertThat(first).exists();
        assertThat(Files.size(log.file())).isLessThan(1024 + 300);
        AuditLog.Verification ok = log.verify();
        assertThat(ok.ok()).as(ok.toString()).isTrue();
        assertThat(ok.entries()).isEqualTo(60);
        assertThat(ok.files()).isGreaterThan(2);

        // the first entry of the second file chains to the last hash of the first file
        List<String> a = Files.readAllLines(first);
        List<String> b = Files.readAllLines(dir.resolve("audit-000002.log"));
        assertThat(b.get(0)).contains("\"prev\":\"" + AuditLog.JSON.readTree(a.get(a.size() - 1)).path("hash").asText() + "\"");

        b.set(2, b.get(2).replace("\"i\":\"", "\"i\":\"9"));
        Files.write(dir.resolve("audit-000002.log"), b);
        AuditLog.Verification broken = log.verify();
        assertThat(broken.ok()).isFalse();
        assertThat(broken.file()).isEqualTo("audit-000002.log");
        assertThat(broken.badLine()).isEqualTo(3);
        assertThat(broken.why()).contains("content does not match its hash");
    }

    @Test
    void removingAWholeRotatedFileBreaksTheChainAtTheNextFile(@TempDir Path dir) throws Exception {
        AuditLog log = rotatingLog(dir, 40);
        Files.delete(dir.resolve("audit-000002.log"));
        AuditLog.Verification v = log.verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.badLine()).isEqualTo(1);
        assertThat(v.why()).contains("file before");
    }

    @Test
    void pagesFollowSeqAcrossFilesInBothDirections(@TempDir Path dir) throws Exception {
        AuditLog log = rotatingLog(dir, 75);
        AuditPages.Page newest = log.page(-1, -1, 10);
        assertThat(seqs(newest)).containsExactly(66L, 67L, 68L, 69L, 70L, 71L, 72L, 73L, 74L, 75L);
        assertThat(newest.more()).isTrue();

        List<Long> all = new java.util.ArrayList<>();
        long after = 0;
        AuditPages.Page p;
        do {
            p = log.page(after, -1, 7);
            all.addAll(seqs(p));
            after = all.get(all.size() - 1);
        } while (p.more());
        assertThat(all).hasSize(75);
        for (int i = 0; i < 75; i++) {
            assertThat(all.get(i)).isEqualTo(i + 1L);
        }
        assertThat(seqs(log.page(30, -1, 3))).containsExactly(31L, 32L, 33L);
        assertThat(seqs(log.page(-1, 31, 4))).containsExactly(27L, 28L, 29L, 30L);
        assertThat(seqs(log.page(-1, 3, 10))).containsExactly(1L, 2L);
        assertThat(log.page(-1, 3, 10).more()).isFalse();
        assertThat(log.page(75, -1, 10).entries()).isEmpty();
    }

    /** A log rotated at 1 KiB (about 4 entries per file) holding {@code n} entries. */
    private static AuditLog rotatingLog(Path dir, int n) {
        AuditLog log = new AuditLog(dir.resolve("audit.log"), 1024);
        for (int i = 1; i <= n; i++) {
            log.append("system", "x", Map.of("i", Integer.toString(i)), Instant.EPOCH);
        }
        return log;
    }

    private static List<Long> seqs(AuditPages.Page p) {
        return p.entries().stream().map(e -> ((Number) e.get("seq")).longValue()).toList();
    }
}
