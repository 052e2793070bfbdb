package org.homeward.gateway.audit;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homeward.gateway.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web layer's audit trail over the hash-chained {@link AuditLog}: appends and reads run on the
 * single audit thread (so lines keep their order and no event loop touches the disk). Lines wait in
 * a bounded queue and the audit thread writes whatever has queued as one group commit (one fsync per
 * batch: one fsync per line kept up with only 25-30 lines/s on a loaded virtual disk, fewer than a
 * ward's alarm transitions and views). A full queue or a failed append is logged and counted as
 * {@code homeward_audit_failures_total}; it never fails the request.
 */
public final class WebAuditTrail implements AuditTrail {
    static final String FAILURES = "homeward_audit_failures_total";
    static final int QUEUE = 16_384;
    static final int MAX_BATCH = 1_024;
    private static final Logger LOG = LoggerFactory.getLogger(WebAuditTrail.class);
    private final AuditLog log;
    private final Executor executor;
    private final Clock clock;
    private final MeterRegistry meters;
    private final BlockingQueue<AuditLog.Entry> pending = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicBoolean draining = new AtomicBoolean();

    public WebAuditTrail(AuditLog log, Executor executor, Clock clock, MeterRegistry meters) {
        this.log = log;
        this.executor = executor;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void record(String actor, String action, Map<String, String> details) {
        AuditLog.Entry entry = new AuditLog.Entry(actor, action, new LinkedHashMap<>(details), clock.instant());
        if (!pending.offer(entry)) {
            failed(action, 1, new IllegalStateException("audit queue full (" + QUEUE + " lines)"));
            return;
        }
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                List<AuditLog.Entry> lost = new ArrayList<>();
                pending.drainTo(lost);
                if (!lost.isEmpty()) {
                    failed(lost.get(0).action(), lost.size(), e);
                }
            }
        }
    }

    private void drain() {
        try {
            writeQueued(MAX_BATCH);
        } finally {
            draining.set(false);
            if (!pending.isEmpty()) {
                scheduleDrain();
            }
        }
    }

    /** On the audit thread: writes up to {@code max} queued lines as one batch. */
    private void writeQueued(int max) {
        List<AuditLog.Entry> batch = new ArrayList<>();
        try {
            pending.drainTo(batch, max);
            log.appendAll(batch);
        } catch (RuntimeException e) {
            failed(batch.isEmpty() ? "?" : batch.get(0).action(), batch.size(), e);
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
                writeQueued(Integer.MAX_VALUE);  // a read sees every line recorded before it
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

    private void failed(String action, int lines, Exception e) {
        meters.counter(FAILURES).increment(lines);
        LOG.error("{} audit entries (first '{}') could not be written: {}", lines, action, e.toString());
    }
}
