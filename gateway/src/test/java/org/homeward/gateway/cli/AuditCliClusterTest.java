package org.homeward.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.GatewayMain;
import org.homeward.gateway.audit.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit verify --dir … --dir …}: one report per node and the exit code operators script on. */
@Timeout(60)
class AuditCliClusterTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    record Run(int exit, JsonNode out, String err) {
    }

    Run run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = GatewayMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString().isBlank() ? null : JSON.readTree(out.toString()), err.toString());
    }

    Path node(String name, String node) {
        Path audit = dir.resolve(name).resolve("audit");
        AuditLog log = new AuditLog(audit.resolve("audit.log"), AuditLog.DEFAULT_MAX_FILE_BYTES, node);
        for (int i = 0; i < 3; i++) {
            log.append("cli", "device.add", Map.of("device", "d-" + i), Instant.parse("2026-12-07T10:00:00Z"));
        }
        return audit;
    }

    @Test
    void intactNodesExitZero() throws Exception {
        node("b", "node-b");
        // a node's audit directory or its data.dir, as the operator has them at hand
        Run r = run("audit", "verify", "--dir", node("a", "node-a").toString(), "--dir", dir.resolve("b").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().path("ok").asBoolean()).isTrue();
        assertThat(r.out().path("nodes")).hasSize(2);
        assertThat(r.out().path("nodes").get(1).path("nodeIds").get(0).asText()).isEqualTo("node-b");
    }

    @Test
    void aTamperedNodeExitsThreeAndNamesItsFileAndLine() throws Exception {
        Path a = node("a", "node-a");
        Path b = node("b", "node-b");
        Path file = b.resolve("audit.log");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines.set(1, lines.get(1).replace("\"d-1\"", "\"d-7\""));
        Files.write(file, lines, StandardCharsets.UTF_8);

        Run r = run("audit", "verify", "--dir", a.toString(), "--dir", b.toString());
        assertThat(r.exit()).isEqualTo(AuditCli.BROKEN);
        JsonNode nb = r.out().path("nodes").get(1);
        assertThat(r.out().path("ok").asBoolean()).isFalse();
        assertThat(r.out().path("nodes").get(0).path("ok").asBoolean()).isTrue();
        assertThat(nb.path("ok").asBoolean()).isFalse();
        assertThat(nb.path("badLine").asInt()).isEqualTo(2);
        assertThat(nb.path("file").asText()).isEqualTo(file.toAbsolutePath().toString());
    }

    @Test
    void anAbsentNodeExitsTwoAndADuplicateNodeIdExitsThree() throws Exception {
        Path a = node("a", "node-a");
        Run absent = run("audit", "verify", "--dir", a.toString(), "--dir", dir.resolve("gone").toString());
        assertThat(absent.exit()).isEqualTo(AuditCli.UNREADABLE);
        assertThat(absent.out().path("nodes").get(1).path("missing").asBoolean()).isTrue();

        Path copy = node("b", "node-a");
        Run dup = run("audit", "verify", "--dir", a.toString(), "--dir", copy.toString());
        assertThat(dup.exit()).isEqualTo(AuditCli.BROKEN);
        assertThat(dup.out().path("duplicateNodes").get(0).asText()).isEqualTo("node-a");
    }

    @Test
    void theCliWritesItsConfiguredNodeIdIntoTheChain() throws Exception {
        Path data = dir.resolve("gw-a");
        // one --set before the subcommand and one after it: both count (the one after used to replace the one before)
        Run r = run("--config", AdminCliTest.with(data)[1], "--set", "data.dir=" + data,
                "patients", "add", "--set", "cluster.node-id=gw-a", "--patient", "p-7c1e9a", "--infusion-date", "2026-11-20", "--product", "axi-cel");
        assertThat(r.exit()).as(r.err()).isZero();
        Run v = run("audit", "verify", "--dir", data.toString());
        assertThat(v.exit()).as(v.out() + v.err()).isZero();
        assertThat(v.out().path("nodes").get(0).path("nodeIds").get(0).asText()).isEqualTo("gw-a");
        assertThat(v.out().path("nodes").get(0).path("entries").asInt()).isPositive();
    }
}
