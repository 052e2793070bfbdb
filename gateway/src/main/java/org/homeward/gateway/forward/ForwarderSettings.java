package org.homeward.gateway.forward;

import java.time.Duration;
import java.util.Objects;

/**
 * How one forwarder reads the journal and retries its sink.
 *
 * @param windowEntries  journal entries read per poll (the look-ahead window of the alarm lane), 1..100000
 * @param batchSize      records handed to the sink per {@link Sink#deliver} call, 1..10000 (a batch is
 *                       extended to the end of the journal entry it stops in, never splitting one)
 * @param pollInterval   wait when the journal has nothing new
 * @param initialBackoff first wait after a transient failure; doubles per failed attempt
 * @param maxBackoff     upper bound of the back-off
 */
public record ForwarderSettings(int windowEntries, int batchSize, Duration pollInterval, Duration initialBackoff,
                                Duration maxBackoff) {
    public static final int DEFAULT_WINDOW_ENTRIES = 1000;
    public static final int DEFAULT_BATCH_SIZE = 200;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);

    public ForwarderSettings {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (windowEntries < 1 || windowEntries > 100_000) {
            throw new IllegalArgumentException("windowEntries must be 1..100000: " + windowEntries);
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be 1..10000: " + batchSize);
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || initialBackoff.isNegative()
                || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("intervals must be positive and maxBackoff >= initialBackoff");
        }
    }

    /** 1000-entry window, batches of 200, 200 ms poll, back-off 1 s doubling up to 60 s. */
    public static ForwarderSettings defaults() {
        return new ForwarderSettings(DEFAULT_WINDOW_ENTRIES, DEFAULT_BATCH_SIZE, DEFAULT_POLL_INTERVAL,
                DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    public ForwarderSettings withBackoff(Duration initial, Duration max) {
        return new ForwarderSettings(windowEntries, batchSize, pollInterval, initial, max);
    }

    public ForwarderSettings withPollInterval(Duration interval) {
        return new ForwarderSettings(windowEntries, batchSize, interval, initialBackoff, maxBackoff);
    }

    public ForwarderSettings withBatch(int window, int batch) {
        return new ForwarderSettings(window, batch, pollInterval, initialBackoff, maxBackoff);
    }
}
