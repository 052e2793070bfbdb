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

/** Issue 13 seam 5: every node's chain is verified, on real files, and names the node that wrote it. */
@Timeout(30)
class NodeChainsTest {
    @TempDir
    Path dir;

    /** A node's data.dir with {@code n} entries written by a log that carries {@code node}; returns the data dir. */
    Path node(String name, String node, int n) {
        Path data = dir.resolve(name);
        AuditLog log = new AuditLog(data.resolve("audit").resolve("audit.log"), AuditLog.DEFAULT_MAX_FILE_BYTES, node);
        for (int i = 0; i < n; i++) {
            log.append("nurse" + i, "view.patient", Map.of("patient", "p-" + i), Instant.parse("2026-12-07T10:00:00Z"));
        }
        return data;
    }

    @Test
    void twoNodesChainsVerifyAndNameTheirNode() throws Exception {
        Path a = node("a", "node-a", 3);
        Path b = node("b", "node-b", 4);
        // the node id is inside each hashed entry
        assertThat(Files.readAllLines(b.resolve("audit/audit.log"))).allMatch(l -> l.contains("\"node\":\"node-b\""));

        NodeChains.Report r = NodeChains.verify(List.of(a, b.resolve("audit")));
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.chains()).extracting(NodeChains.Chain::nodes).containsExactly(
                java.util.Set.of("node-a"), java.util.Set.of("node-b"));
        assertThat(r.chains()).extracting(c -> c.verification().entries()).containsExactly(3, 4);
        assertThat(r.duplicateNodes()).isEmpty();
    }

    @Test
    void aTamperedLineInNodeBIsFoundWithItsLineAndNodeAStaysOk() throws Exception {
        Path a = node("a", "node-a", 3);
        Path b = node("b", "node-b", 5);
        Path file = b.resolve("audit/audit.log");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines.set(3, lines.get(3).replace("\"p-3\"", "\"p-9\""));
        Files.write(file, lines, StandardCharsets.UTF_8);

        NodeChains.Report r = NodeChains.verify(List.of(a, b));
        assertThat(r.ok()).isFalse();
        assertThat(r.chains().get(0).ok()).isTrue();
        NodeChains.Chain broken = r.chains().get(1);
        assertThat(broken.ok()).isFalse();
        assertThat(broken.nodes()).containsExactly("node-b");
        assertThat(broken.verification().badLine()).isEqualTo(4);
        assertThat(broken.verification().why()).contains("content does not match its hash");
    }

    @Test
    void editingTheNodeIdItselfBreaksTheChain() throws Exception {
        Path b = node("b", "node-b", 2);
        Path file = b.resolve("audit/audit.log");
        Files.writeString(file, Files.readString(file).replaceFirst("\"node-b\"", "\"node-c\""));
        NodeChains.Chain c = NodeChains.verify(List.of(b)).chains().get(0);
        assertThat(c.ok()).isFalse();
        assertThat(c.verification().badLine()).isEqualTo(1);
    }

    @Test
    void anAbsentNodeAndAPartlyTruncatedOneAreReported() throws Exception {
        Path a = node("a", "node-a", 3);
        Path b = node("b", "node-b", 3);
        Path absent = dir.resolve("c");
        Path file = b.resolve("audit/audit.log");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 40)); // cut inside the last line

        NodeChains.Report r = NodeChains.verify(List.of(a, b, absent));
        assertThat(r.ok()).isFalse();
        assertThat(r.chains().get(0).ok()).isTrue();
        assertThat(r.chains().get(1).verification().badLine()).isEqualTo(3);
        assertThat(r.chains().get(1).verification().why()).isEqualTo("not a JSON object");
        NodeChains.Chain missing = r.chains().get(2);
        assertThat(missing.missing()).isTrue();
        assertThat(missing.error()).contains("no audit.log");
        assertThat(absent).doesNotExist(); // verifying creates nothing where there was nothing
    }

    @Test
    void twoChainsClaimingTheSameNodeIdAreFlagged() throws Exception {
        Path a = node("a", "node-a", 2);
        Path b = node("b", "node-a", 2);
        Path c = node("c", "node-c", 2);
        NodeChains.Report r = NodeChains.verify(List.of(a, b, c));
        assertThat(r.chains()).allMatch(NodeChains.Chain::ok);
        assertThat(r.duplicateNodes()).containsExactly("node-a");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void aSingleProcessLogHasNoNodeIdAndStillVerifies() throws Exception {
        Path single = node("s", "", 3);
        assertThat(Files.readString(single.resolve("audit/audit.log"))).doesNotContain("\"node\"");
        NodeChains.Report r = NodeChains.verify(List.of(single, node("t", "", 1)));
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.chains().get(0).nodes()).isEmpty();
        assertThat(r.duplicateNodes()).isEmpty();
    }
}
