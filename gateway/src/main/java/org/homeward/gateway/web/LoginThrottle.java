package org.homeward.gateway.web;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per remote address over a sliding minute; an address over the limit is
 * refused (429) until its oldest failure is a minute old. The table is bounded: when it is full,
 * stale entries are dropped, and if it is still full new addresses are throttled (fail closed).
 *
 * <p>Threading: safe from any thread; never blocks.
 */
final class LoginThrottle {
    private static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_ADDRESSES = 10_000;

    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();
    private final int limit;
    private final Clock clock;

    LoginThrottle(int limitPerMinute, Clock clock) {
        this.limit = limitPerMinute;
        this.clock = clock;
    }

    /** Seconds until the address may try again; 0 when it may try now. */
    long retryAfterSeconds(String address) {
        Deque<Long> d = failures.get(address);
        if (d == null) {
            return failures.size() >= MAX_ADDRESSES ? WINDOW_MILLIS / 1000 : 0;
        }
        long now = clock.millis();
        synchronized (d) {
            expire(d, now);
            if (d.size() < limit) {
                return 0;
            }
            return Math.max(1, (d.peekFirst() + WINDOW_MILLIS - now + 999) / 1000);
        }
    }

    void recordFailure(String address) {
        long now = clock.millis();
        if (failures.size() >= MAX_ADDRESSES) {
            failures.values().removeIf(d -> {
                synchronized (d) {
                    expire(d, now);
                    return d.isEmpty();
                }
            });
        }
        Deque<Long> d = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (d) {
            expire(d, now);
            if (d.size() < limit) {
                d.addLast(now);
            }
        }
    }

    void recordSuccess(String address) {
        failures.remove(address);
    }

    private static void expire(Deque<Long> d, long now) {
        while (!d.isEmpty() && d.peekFirst() <= now - WINDOW_MILLIS) {
            d.removeFirst();
        }
    }
}
