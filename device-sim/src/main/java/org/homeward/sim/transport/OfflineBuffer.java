package org.homeward.sim.transport;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Bounded FIFO of packs held while a device cannot send (on-device memory). Offering to a full
 * buffer refuses the pack and counts it as dropped; a pack that failed in flight goes back to the
 * head so order is kept. Thread-safe.
 */
final class OfflineBuffer {
    private final Deque<Outgoing> queue = new ArrayDeque<>();
    private final int capacity;
    private final SimStats stats;

    OfflineBuffer(int capacity, SimStats stats) {
        this.capacity = capacity;
        this.stats = stats;
    }

    synchronized boolean offer(Outgoing o) {
        if (queue.size() >= capacity) {
            stats.dropped.increment();
            return false;
        }
        queue.addLast(o);
        stats.buffered.increment();
        return true;
    }

    /** Puts a pack that could not be sent back at the head; drops it if the buffer is full. */
    synchronized void requeue(Outgoing o) {
        if (queue.size() >= capacity) {
            stats.dropped.increment();
            return;
        }
        queue.addFirst(o);
        stats.buffered.increment();
    }

    synchronized Outgoing poll() {
        Outgoing o = queue.pollFirst();
        if (o != null) {
            stats.buffered.decrement();
        }
        return o;
    }

    synchronized boolean isEmpty() {
        return queue.isEmpty();
    }
}
