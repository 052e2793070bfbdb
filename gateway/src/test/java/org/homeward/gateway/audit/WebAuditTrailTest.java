package org.homeward.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.audit.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Group commit of the audit trail: every recorded line lands once, in order, chained; overflow is counted. */
@Timeout(60)
class WebAuditTrailTest {
    @Test
    void linesRecordedFromManyThreadsLandInOneChainAndAReadSeesThemAll(@TempDir Path dir) throws Exception {
        AuditLog log = new AuditLog(dir.resolve("audit.log"));
        ExecutorService audit = Executors.newSingleThreadExecutor();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WebAuditTrail trail = new WebAuditTrail(log, audit, Clock.systemUTC(), meters);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            callers.execute(() -> {
                for (int i = 0; i < 500; i++) {
                    trail.record("system", "test.line", Map.of("thread", Integer.toString(thread), "i", Integer.toString(i)));
                }
            });
        }
        callers.shutdown();
        assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        AuditTrail.Page page = trail.page(0, -1, 1_000, true).get(30, TimeUnit.SECONDS);
        assertThat(page.verification()).containsEntry("ok", true).containsEntry("entries", 2_000);
        List<Long> seqs = new ArrayList<>();
        int[] next = new int[4];
        for (int p = 0; p < 2; p++) {
            AuditTrail.Page part = p == 0 ? page : trail.page(1_000, -1, 1_000, false).get(30, TimeUnit.SECONDS);
            for (Map<String, Object> e : part.entries()) {
                seqs.add(((Number) e.get("seq")).longValue());
                @SuppressWarnings("unchecked")
                Map<String, Object> d = (Map<String, Object>) e.get("details");
                int thread = Integer.parseInt((String) d.get("thread"));
                assertThat(Integer.parseInt((String) d.get("i"))).as("per-thread order").isEqualTo(next[thread]++);
            }
        }
        assertThat(seqs).hasSize(2_000).isSorted().doesNotHaveDuplicates();
        assertThat(meters.counter(WebAuditTrail.FAILURES).count()).isZero();
        audit.shutdown();
    }

    @Test
    void aFullQueueCountsEveryLineItCouldNotTake(@TempDir Path dir) {
        List<Runnable> neverRun = new ArrayList<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WebAuditTrail trail = new WebAuditTrail(new AuditLog(dir.resolve("audit.log")), neverRun::add,
                Clock.systemUTC(), meters);
        for (int i = 0; i < WebAuditTrail.QUEUE + 7; i++) {
            trail.record("system", "flood", Map.of());
        }
        assertThat(meters.counter(WebAuditTrail.FAILURES).count()).isEqualTo(7.0);
        assertThat(neverRun).as("one drain scheduled, not one task per line").hasSize(1);
    }
}
