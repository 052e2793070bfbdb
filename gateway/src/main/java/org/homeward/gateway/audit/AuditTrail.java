package org.homeward.gateway.audit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where the web layer records who did what (sign-ins, failed sign-ins, every view of patient
 * data) and where an admin reads the tamper-evident log back. Implemented by the composition root
 * over the hash-chained audit log.
 *
 * <p>Threading: {@link #record} is called on event loops and the authentication pool; it must not
 * block and must never throw (a full audit queue or a disk error is logged and counted by the
 * implementation). {@link #report} completes on the implementation's own thread. Details carry
 * pseudonyms only, never names.
 */
public interface AuditTrail {
    /** Records nothing; reports an empty, unverified log. For tests and components without an audit log. */
    AuditTrail NONE = new AuditTrail() {
        @Override
        public void record(String actor, String action, Map<String, String> details) {
        }

        @Override
        public CompletableFuture<Report> report(int limit, boolean verify) {
            return CompletableFuture.completedFuture(new Report(List.of(), null));
        }
    };

    /** Appends one entry, asynchronously. */
    void record(String actor, String action, Map<String, String> details);

    /**
     * The most recent entries (oldest first) and, when asked, the result of re-checking the whole
     * chain ({@code ok}, {@code entries}, {@code badLine}, {@code why}).
     */
    CompletableFuture<Report> report(int limit, boolean verify);

    /** Recent entries as parsed JSON objects; {@code verification} is null when not asked for. */
    record Report(List<Map<String, Object>> entries, Map<String, Object> verification) {
    }

    /**
     * One page of entries, oldest first: with {@code after} ≥ 0 the first {@code limit} entries whose
     * {@code seq} is greater; else with {@code before} &gt; 0 the last {@code limit} entries whose seq
     * is smaller; else the newest {@code limit}. {@code more}: further entries exist in the direction
     * read. Reads only what the page needs, except the verification (the whole chain) when asked.
     * The default serves the newest entries through {@link #report}.
     */
    default CompletableFuture<Page> page(long after, long before, int limit, boolean verify) {
        return report(limit, verify).thenApply(r -> new Page(r.entries(), false, r.verification()));
    }

    /** A page of entries as parsed JSON objects; {@code verification} is null when not asked for. */
    record Page(List<Map<String, Object>> entries, boolean more, Map<String, Object> verification) {
    }
}
