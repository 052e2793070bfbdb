package org.homeward.gateway.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN line for an event an attacker can repeat at will (a refused connection, a dropped datagram):
 * every occurrence is counted, but a line is written at most once per interval and says how many
 * occurred since the previous line, so a flood costs a few lines a minute, never a line (or a stack)
 * each time. The message must carry no address or identifier: it is a summary, the meters carry detail.
 *
 * <p>Thread-safe and lock-free; {@link #occurred()} never blocks beyond the logger's own append.
 */
public final class ThrottledWarning {
    private final Logger log;
    private final String message;
    private final long everyNanos;
    private final AtomicLong sinceLine = new AtomicLong();
    private final AtomicLong nextLineNanos = new AtomicLong(System.nanoTime());

    /**
     * @param message an SLF4J pattern with exactly one {@code {}}, replaced by the number of occurrences
     *                since the previous line
     */
    public ThrottledWarning(Logger log, String message, long every, TimeUnit unit) {
        this.log = log;
        this.message = message;
        this.everyNanos = unit.toNanos(every);
    }

    /** At most one line a minute. */
    public static ThrottledWarning perMinute(Logger log, String message) {
        return new ThrottledWarning(log, message, 1, TimeUnit.MINUTES);
    }

    /** Counts one occurrence and writes the summary line if the interval has passed. */
    public void occurred() {
        long count = sinceLine.incrementAndGet();
        long now = System.nanoTime();
        long next = nextLineNanos.get();
        if (now - next >= 0 && nextLineNanos.compareAndSet(next, now + everyNanos)) {
            sinceLine.addAndGet(-count);
            log.warn(message, count);
        }
    }
}
