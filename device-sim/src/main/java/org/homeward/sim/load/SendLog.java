package org.homeward.sim.load;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The last few sends per patient (reading time in epoch ms → nanoTime at write), so the WebSocket
 * probe can turn a {@code patient} message whose reading time it recognises into a latency. Written
 * by event loops, read by the probe's thread; each ring is synchronized (one short critical section
 * per send). A send is matched at most once.
 */
final class SendLog {
    private static final int SLOTS = 16;
    private final ConcurrentHashMap<String, Ring> rings = new ConcurrentHashMap<>();

    void sent(String patientId, long readingMillis, long nanos) {
        rings.computeIfAbsent(patientId, k -> new Ring()).put(readingMillis, nanos);
    }

    /** The nanoTime of the send of this reading, or -1 when unknown or already matched. */
    long match(String patientId, long readingMillis) {
        Ring r = rings.get(patientId);
        return r == null ? -1 : r.take(readingMillis);
    }

    private static final class Ring {
        private final long[] millis = new long[SLOTS];
        private final long[] nanos = new long[SLOTS];
        private int next;

        synchronized void put(long m, long n) {
            millis[next] = m;
            nanos[next] = n;
            next = (next + 1) % SLOTS;
        }

        synchronized long take(long m) {
            for (int i = 0; i < SLOTS; i++) {
                if (millis[i] == m && m != 0) {
                    millis[i] = 0;
                    return nanos[i];
                }
            }
            return -1;
        }
    }
}
