package org.homeward.gateway;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's periodic chores on one daemon thread: retrying alarm writes from the start, and, once
 * every listener runs, registry reloads, the free-space check, journal retention and the technical-alarm
 * check. Threading: scheduled by the composition root; each chore runs on the housekeeping thread and
 * must not block for long. {@link #close()} stops it without waiting.
 */
final class Housekeeping implements AutoCloseable {
    /** How often the free space of data.dir is measured for readiness. */
    private static final long DISK_CHECK_SECONDS = 5;
    private static final long ALARM_RETRY_MILLIS = 100;

    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(GatewayRuntime.daemon("housekeeping"));

    /** Retries alarm changes whose journal write failed, every 100 ms. */
    void retryAlarmWrites(Runnable retryDue) {
        executor.scheduleWithFixedDelay(retryDue, ALARM_RETRY_MILLIS, ALARM_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The chores that start once the gateway is ready, in this order. */
    void startRunning(Runnable registryReload, Duration registryPoll, Runnable diskCheck, Runnable retention,
                      Duration retentionCheck, Runnable technicalAlarms) {
        every(registryReload, registryPoll);
        executor.scheduleWithFixedDelay(diskCheck, DISK_CHECK_SECONDS, DISK_CHECK_SECONDS, TimeUnit.SECONDS);
        every(retention, retentionCheck);
        executor.scheduleWithFixedDelay(technicalAlarms, 1, 1, TimeUnit.SECONDS);
    }

    private void every(Runnable chore, Duration period) {
        long millis = period.toMillis();
        executor.scheduleWithFixedDelay(chore, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
