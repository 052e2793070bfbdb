package org.homeward.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.web.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web layer's audit trail over the hash-chained {@link AuditLog}: appends and reads run on the
 * single audit thread (so lines keep their order and no event loop touches the disk). A failed
 * append is logged and counted as {@code homeward_audit_failures_total}; it never fails the request.
 */
final class WebAuditTrail implements AuditTrail {
    static final String FAILURES = "homeward_audit_failures_total";
    private static final Logger LOG = LoggerFactory.getLogger(WebAuditTrail.class);
    private final AuditLog log;
    private final Executor executor;
    private final Clock clock;
    private final MeterRegistry meters;

    WebAuditTrail(AuditLog log, Executor executor, Clock clock, MeterRegistry meters) {
        this.log = log;
        this.executor = executor;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void record(String actor, String action, Map<String, String> details) {
        Map<String, String> copy = new LinkedHashMap<>(details);
        var at = clock.instant();
        try {
            executor.execute(() -> {
                try {
                    log.append(actor, action, copy, at);
                } catch (RuntimeException e) {
                    failed(action, e);
                }
            });
        } catch (RejectedExecutionException e) {
            failed(action, e);
        }
    }

    @Override
    public CompletableFuture<Report> report(int limit, boolean verify) {
        return page(-1, -1, limit, verify).thenApply(p -> new Report(p.entries(), p.verification()));
    }

    @Override
    public CompletableFuture<Page> page(long after, long before, int limit, boolean verify) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Map<String, Object> verification = null;
                if (verify) {
                    AuditLog.Verification v = log.verify();
                    verification = new LinkedHashMap<>();
                    verification.put("ok", v.ok());
                    verification.put("entries", v.entries());
                    verification.put("badLine", v.badLine());
                    verification.put("why", v.why());
                    verification.put("file", v.file());
                    verification.put("files", v.files());
                }
                var page = log.page(after, before, limit);
                return new Page(page.entries(), page.more(), verification);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, executor);
    }

    private void failed(String action, Exception e) {
        meters.counter(FAILURES).increment();
        LOG.error("audit entry '{}' could not be written: {}", action, e.toString());
    }
}
