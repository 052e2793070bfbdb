package org.homeward.gateway.clinical;

/**
 * Collects the times at which a patient's time-driven checks can next change anything (issue 14: the shard
 * keeps patients in a deadline structure and ticks only the due ones instead of every patient every second).
 * Each rule adds the moments at which one of its {@code now}-comparisons flips; only moments after
 * {@code after} (the patient's last tick) count, and the earliest wins. Being early is harmless (a tick
 * that changes nothing); being late would be a missed alarm, so a rule adds every edge it compares against.
 * Not thread-safe; one short-lived instance per computation on the shard thread.
 */
final class DueTimes {
    private final long after;
    private long earliest = Long.MAX_VALUE;

    DueTimes(long after) {
        this.after = after;
    }

    /** A check that turns when {@code now >= at}. */
    void at(long at) {
        if (at > after && at < earliest) {
            earliest = at;
        }
    }

    /**
     * A check comparing {@code now - since} with {@code duration} ({@code >=} or {@code >}): both edges are
     * added, so the strict one ({@code since + duration + 1}) is never skipped by a tick at exactly the other.
     */
    void elapsed(long since, long duration) {
        if (since == Long.MIN_VALUE || duration < 0 || since > Long.MAX_VALUE - duration - 1) {
            return;
        }
        at(since + duration);
        at(since + duration + 1);
    }

    /** Something changes at the next evaluation whatever the time: due at the next tick. */
    void now() {
        earliest = Long.MIN_VALUE;
    }

    /** The patient's last tick: only edges after it count. */
    long after() {
        return after;
    }

    long earliest() {
        return earliest;
    }
}
