package org.homeward.gateway.forward;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with "equal jitter": attempt n waits a random time in
 * [d/2, d] where d = min(max, initial × 2^n). The jitter keeps many gateways that lost the same
 * backend from retrying in lock-step; the lower half bound keeps the growth real.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** Delay before retry number {@code attempt} (0 = first retry). */
    long delayMillis(int attempt) {
        long ceiling = initialMillis;
        for (int i = 0; i < attempt && ceiling < maxMillis; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxMillis);
        long half = ceiling / 2;
        return half + (long) (random.getAsDouble() * (ceiling - half));
    }
}
