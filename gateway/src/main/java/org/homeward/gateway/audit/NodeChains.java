package org.homeward.gateway.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies the audit chains of several cluster nodes at once ({@code audit verify --dir A --dir B}).
 * Each directory is one node's audit directory ({@code .../audit}, holding {@code audit.log} and its
 * rotated files) or that node's {@code data.dir} (then its {@code audit} sub-directory is used). Each
 * chain is verified on its own; the node ids its entries claim ({@code "node"}, hashed with the entry)
 * are collected, and an id claimed by two chains is flagged: two nodes configured with the same
 * {@code cluster.node-id}, or one node's files copied twice. Blocking (reads every file); CLI only.
 */
public final class NodeChains {
    private NodeChains() {
    }

    /**
     * One directory's result. {@code missing}: no audit file there (a node's chain absent);
     * {@code verification} is null then, or when the files could not be read ({@code error}).
     */
    public record Chain(Path dir, Set<String> nodes, boolean missing, AuditLog.Verification verification,
            String error) {
        public boolean ok() {
            return !missing && error == null && verification != null && verification.ok();
        }
    }

    /** All chains, in the order given, and every node id claimed by more than one of them. */
    public record Report(List<Chain> chains, Set<String> duplicateNodes) {
        public boolean ok() {
            return duplicateNodes.isEmpty() && chains.stream().allMatch(Chain::ok);
        }
    }

    public static Report verify(List<Path> dirs) {
        List<Chain> chains = new ArrayList<>();
        Map<String, Integer> claims = new LinkedHashMap<>();
        for (Path dir : dirs) {
            Chain c = verifyOne(dir);
            chains.add(c);
            c.nodes().forEach(id -> claims.merge(id, 1, Integer::sum));
        }
        Set<String> dup = new TreeSet<>();
        claims.forEach((id, n) -> {
            if (n > 1) {
                dup.add(id);
            }
        });
        return new Report(chains, dup);
    }

    /** The audit directory for {@code dir}: itself, or its {@code audit} sub-directory for a data.dir. */
    static Path auditDir(Path dir) {
        Path sub = dir.resolve("audit");
        return !Files.exists(dir.resolve("audit.log")) && Files.isDirectory(sub) ? sub : dir;
    }

    private static Chain verifyOne(Path dir) {
        Path audit = auditDir(dir);
        AuditLog log = new AuditLog(audit.resolve("audit.log"));
        try {
            if (!Files.isDirectory(audit) || !log.exists()) {
                return new Chain(audit, Set.of(), true, null, "no audit.log or audit-NNNNNN.log in " + audit);
            }
            AuditLog.Verification v = log.verify();
            return new Chain(audit, log.nodeIds(), false, v, null);
        } catch (IOException | RuntimeException e) {
            return new Chain(audit, Set.of(), false, null, "cannot read: " + e.getMessage());
        }
    }
}
