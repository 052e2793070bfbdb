package org.homeward.gateway.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.homeward.gateway.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code audit verify}: re-computes the hash chain of {@code <data.dir>/audit/audit.log} and its
 * rotated files ({@code audit-NNNNNN.log}, oldest first) and prints
 * {@code {"ok":…,"entries":…,"badLine":…,"why":…,"files":…,"file":…}}; on a break {@code file} is
 * the file holding the first bad entry and {@code badLine} its line in that file. Exit 0 when intact, 3 when
 * the chain is broken (an entry edited, removed or reordered), 2 when the file cannot be read.
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

        @Override
        public Integer call() throws IOException {
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
    }
}
