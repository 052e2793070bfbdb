package org.homeward.sim.entries;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.homeward.sim.ManualEntrySink;
import org.homeward.sim.model.Emission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the scenario's manual entries (ICE, ACVPU) to the gateway's {@code /api/patients/{id}/entries}
 * as a signed-in user. {@link #accept} never blocks: it queues the entry (at most
 * {@link Settings#queueCapacity} waiting; more are counted as failed) for one worker thread, which
 * tries each entry up to {@link Settings#maxAttempts} times with doubling back-off when the gateway
 * is unreachable, busy or the session expired. A refusal (e.g. 400, 404) is not retried. Every
 * outcome is counted; nothing is thrown to the player. Entries carry their own time ({@code at}), so
 * a retried entry does not overtake a later one in the gateway's rules.
 */
public final class HttpEntrySink implements ManualEntrySink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEntrySink.class);

    /**
     * @param apiUrl        gateway base URL, e.g. {@code http://localhost:8080}
     * @param user          user with role nurse or admin
     * @param password      that user's password (never from the command line)
     * @param maxAttempts   tries per entry (default 4)
     * @param firstBackoff  wait before the second try, doubled for each further one (default 500 ms)
     * @param queueCapacity entries waiting to be posted (default 1,000)
     */
    public record Settings(URI apiUrl, String user, char[] password, int maxAttempts, Duration firstBackoff,
                           int queueCapacity) {
        public Settings {
            if (maxAttempts < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("maxAttempts and queueCapacity must be at least 1");
            }
        }

        public static Settings of(URI apiUrl, String user, char[] password) {
            return new Settings(apiUrl, user, password, 4, Duration.ofMillis(500), 1_000);
        }
    }

    public final LongAdder posted = new LongAdder();
    public final LongAdder retried = new LongAdder();
    public final LongAdder failed = new LongAdder();
    private final Settings settings;
    private final GatewayApi api;
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-entries");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean warned;

    public HttpEntrySink(Settings settings, Clock clock) {
        this.settings = settings;
        this.api = new GatewayApi(settings.apiUrl(), settings.user(), settings.password(), clock);
    }

    @Override
    public void accept(Emission e) {
        ManualEntryJson.Entry entry = ManualEntryJson.of(e);
        if (entry == null) {
            return; // not an entry kind the API knows; counted as due by the caller
        }
        if (pending.incrementAndGet() > settings.queueCapacity()) {
            pending.decrementAndGet();
            failed.increment();
            return;
        }
        worker.execute(() -> attempt(entry, 1));
    }

    private void attempt(ManualEntryJson.Entry entry, int n) {
        GatewayApi.Outcome o = api.postEntry(entry.patientId(), entry.json());
        if (o == GatewayApi.Outcome.OK) {
            posted.increment();
            pending.decrementAndGet();
            return;
        }
        if (o == GatewayApi.Outcome.RETRY && n < settings.maxAttempts() && !worker.isShutdown()) {
            retried.increment();
            long delay = settings.firstBackoff().toMillis() << (n - 1);
            worker.schedule(() -> attempt(entry, n + 1), delay, TimeUnit.MILLISECONDS);
            return;
        }
        failed.increment();
        pending.decrementAndGet();
        LOG.debug("manual entry not posted after {} attempt(s): {}", n, api.lastProblem());
        if (!warned) {
            warned = true;
            LOG.warn("a manual entry could not be posted to the gateway ({}); later failures are only counted",
                    api.lastProblem());
        }
    }

    /** Entries queued or waiting for a retry. */
    public int pending() {
        return pending.get();
    }

    /** Why the newest failed request failed (status or I/O error), empty when none did. */
    public String lastProblem() {
        return api.lastProblem();
    }

    /** Progress text: {@code posted=… retried=… failed=…}. */
    public String line() {
        return "posted=" + posted.sum() + " retried=" + retried.sum() + " failed=" + failed.sum();
    }

    /** Waits up to {@code wait} for queued entries (and their retries), then stops the worker. */
    public void finish(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (pending.get() > 0 && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        close();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        int lost = pending.getAndSet(0);
        if (lost > 0) {
            failed.add(lost);
        }
    }
}
