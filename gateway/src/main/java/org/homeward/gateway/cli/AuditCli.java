package org.homeward.gateway.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.audit.NodeChains;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code audit verify}: re-computes the hash chain of {@code <data.dir>/audit/audit.log} and its
 * rotated files ({@code audit-NNNNNN.log}, oldest first) and prints
 * {@code {"ok":…,"entries":…,"badLine":…,"why":…,"files":…,"file":…}}; on a break {@code file} is
 * the file holding the first bad entry and {@code badLine} its line in that file. Exit 0 when intact, 3 when
 * the chain is broken (an entry edited, removed or reordered), 2 when the file cannot be read.
 *
 * <p>Cluster: {@code audit verify --dir <node A audit dir> --dir <node B audit dir> …} (a node's
 * {@code data.dir} works too) verifies every node's chain and prints
 * {@code {"ok":…,"nodes":[{"dir":…,"nodeIds":[…],"ok":…,"entries":…,"badLine":…,"why":…,"file":…},…],"duplicateNodes":[…]}}.
 * Exit 3 when any chain is broken or two chains claim the same {@code cluster.node-id}, else 2 when
 * any directory holds no audit files or cannot be read, else 0.
 */
public final class AuditCli {
    static final int BROKEN = 3;
    static final int UNREADABLE = 2;

    private AuditCli() {
    }

    @Command(name = "audit", description = "Inspect the tamper-evident audit log", subcommands = Verify.class,
            mixinStandardHelpOptions = true)
    public static final class Audit {
    }

    @Command(name = "verify", description = "Check the audit log's hash chain; non-zero exit if it is broken",
            mixinStandardHelpOptions = true)
    static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "A node's audit directory (or its data.dir); repeat once per cluster node."
                        + " Without it: this node's <data.dir>/audit")
        List<Path> dirs = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            if (!dirs.isEmpty()) {
                return cluster();
            }
            AuditLog log = AdminCli.auditLog(AdminCli.config(spec));
            Path file = log.file();
            Map<String, Object> out = new LinkedHashMap<>();
            int exit;
            try {
                AuditLog.Verification v = log.verify();
                out.put("ok", v.ok());
                out.put("entries", v.entries());
                out.put("badLine", v.badLine());
                out.put("why", v.why());
                out.put("files", v.files());
                if (!v.ok()) {
                    file = file.resolveSibling(v.file());
                }
                exit = v.ok() ? 0 : BROKEN;
            } catch (IOException | RuntimeException e) {
                out.put("ok", false);
                out.put("why", "cannot read: " + e.getMessage());
                exit = UNREADABLE;
            }
            out.put("file", file.toAbsolutePath().toString());
            AdminCli.print(spec, out);
            return exit;
        }

        private int cluster() throws IOException {
            NodeChains.Report report = NodeChains.verify(dirs);
            List<Map<String, Object>> nodes = new ArrayList<>();
            boolean broken = !report.duplicateNodes().isEmpty();
            boolean unreadable = false;
            for (NodeChains.Chain c : report.chains()) {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("dir", c.dir().toAbsolutePath().toString());
                n.put("nodeIds", c.nodes());
                n.put("ok", c.ok());
                AuditLog.Verification v = c.verification();
                if (v != null) {
                    n.put("entries", v.entries());
                    n.put("badLine", v.badLine());
                    n.put("why", v.why());
                    n.put("files", v.files());
                    if (!v.ok()) {
                        n.put("file", c.dir().resolve(v.file()).toAbsolutePath().toString());
                    }
                    broken |= !v.ok();
                } else {
                    n.put("missing", c.missing());
                    n.put("why", c.error());
                    unreadable = true;
                }
                nodes.add(n);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ok", report.ok());
            out.put("nodes", nodes);
            out.put("duplicateNodes", report.duplicateNodes());
            AdminCli.print(spec, out);
            return broken ? BROKEN : unreadable ? UNREADABLE : 0;
        }
    }
}
