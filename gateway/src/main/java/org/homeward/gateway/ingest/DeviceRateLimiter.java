package org.homeward.gateway.ingest;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-device token bucket: each accepted message takes one token; tokens refill at
 * {@code ratePerSecond} up to {@code burst}. A device over its budget gets
 * {@link FailureReason#RATE_LIMITED} (MQTT 0x97, CoAP 5.03 + Max-Age) and keeps its data for later.
 * Only registered devices reach the limiter, so the table is bounded by the registry.
 *
 * <p>Threading: {@link #tryAcquire} is called concurrently from adapter threads; each bucket is
 * updated under its own lock, briefly. Never blocks, never throws.
 */
public final class DeviceRateLimiter {
    /** Never refuses. */
    public static final DeviceRateLimiter UNLIMITED = new DeviceRateLimiter(0, 1, Clock.systemUTC());

    private final double ratePerMilli;
    private final double burst;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long lastMillis;

        Bucket(double tokens, long lastMillis) {
            this.tokens = tokens;
            this.lastMillis = lastMillis;
        }
    }

    /**
     * @param ratePerSecond sustained messages per second per device; 0 = no limit
     * @param burst         messages a device may send at once after being quiet (at least 1)
     */
    public DeviceRateLimiter(double ratePerSecond, int burst, Clock clock) {
        if (ratePerSecond < 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be >= 0 and burst >= 1");
        }
        this.ratePerMilli = ratePerSecond / 1000.0;
        this.burst = burst;
        this.clock = clock;
    }

    /** Takes a token for the device; false when its bucket is empty. */
    public boolean tryAcquire(String deviceId) {
        if (ratePerMilli == 0) {
            return true;
        }
        long now = clock.millis();
        Bucket b = buckets.computeIfAbsent(deviceId, k -> new Bucket(burst, now));
        synchronized (b) {
            long elapsed = Math.max(0, now - b.lastMillis);
            b.tokens = Math.min(burst, b.tokens + elapsed * ratePerMilli);
            b.lastMillis = Math.max(now, b.lastMillis);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    /** Forgets a device's bucket (revoked or removed). */
    public void forget(String deviceId) {
        buckets.remove(deviceId);
    }
}
