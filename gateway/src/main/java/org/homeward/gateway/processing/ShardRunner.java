package org.homeward.gateway.processing;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thin thread around one {@link Shard}: calls {@link Shard#doWork} with the clock's time and,
 * when a step did nothing, parks until the next tick or pending publication (at most
 * {@value #MAX_IDLE_MILLIS} ms, so a missed wake-up costs at most that much latency) or until
 * {@link Shard#wake()} unparks it. A step that throws despite the shard's own guards is reported like
 * a failed task and the loop goes on.
 */
final class ShardRunner implements AutoCloseable {
    static final long MAX_IDLE_MILLIS = 100;
    private final Shard shard;
    private final Clock clock;
    private final Shard.Failures failures;
    private final Thread thread;
    private volatile boolean running = true;

    ShardRunner(Shard shard, Clock clock, Shard.Failures failures) {
        this.shard = shard;
        this.clock = clock;
        this.failures = failures;
        this.thread = new Thread(this::run, "shard-" + shard.index());
        this.thread.setDaemon(true);
        shard.onWake(() -> LockSupport.unpark(thread));
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            long now = clock.millis();
            int work;
            try {
                work = shard.doWork(now);
            } catch (RuntimeException e) {
                failures.taskFailed(shard.index(), "step", e);
                work = 0;
            }
            if (work == 0 && running) {
                long idle = Math.min(MAX_IDLE_MILLIS, Math.max(1, shard.idleMillis(now)));
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(idle));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
