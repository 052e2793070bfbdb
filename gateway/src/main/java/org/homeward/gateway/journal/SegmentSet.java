package org.homeward.gateway.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The segments of an open journal, by base sequence, with what is durable. The writer thread adds
 * segments and publishes durable entries; readers read concurrently under a shared lock;
 * retention and close take the exclusive lock, so a reader never sees a channel closed under it.
 */
final class SegmentSet {
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong diskBytes = new AtomicLong();
    private volatile long durableSequence;
    private boolean closed;

    /** Takes over recovered segments (in order; at least one). */
    SegmentSet(List<Segment> recovered) {
        for (Segment s : recovered) {
            segments.put(s.baseSequence(), s);
            diskBytes.addAndGet(s.fileBytes());
            durableSequence = Math.max(durableSequence, s.lastSequence());
        }
    }

    Segment last() {
        return segments.lastEntry().getValue();
    }

    /** Writer thread: a new active segment. */
    void add(Segment segment) {
        segments.put(segment.baseSequence(), segment);
    }

    /** Writer thread: {@code fresh} takes the place of the (empty) {@code old} segment of the same base. */
    void replace(Segment old, Segment fresh) {
        lock.writeLock().lock();
        try {
            segments.put(fresh.baseSequence(), fresh);
            diskBytes.addAndGet(fresh.fileBytes() - old.fileBytes());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Writer thread: entries up to {@code sequence} are durable, {@code bytes} more are on disk. */
    void published(long sequence, long bytes) {
        diskBytes.addAndGet(bytes);
        durableSequence = sequence;
    }

    long durableSequence() {
        return durableSequence;
    }

    long diskBytes() {
        return diskBytes.get();
    }

    long firstSequence() {
        for (Segment s : segments.values()) {
            if (!s.isEmpty()) {
                return s.baseSequence();
            }
        }
        return durableSequence + 1;
    }

    List<JournalEntry> read(long afterSequence, int max) throws IOException {
        long upTo = durableSequence;
        if (max <= 0 || afterSequence >= upTo) {
            return List.of();
        }
        long from = Math.max(afterSequence + 1, 1);
        List<JournalEntry> out = new ArrayList<>(Math.min(max, 1024));
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IOException("journal is closed");
            }
            Map.Entry<Long, Segment> floor = segments.floorEntry(from);
            long startKey = floor == null ? segments.firstKey() : floor.getKey();
            for (Segment s : segments.tailMap(startKey, true).values()) {
                if (s.lastSequence() >= from) {
                    from = s.read(from, upTo, max - out.size(), out) + 1;
                }
                if (out.size() >= max || from > upTo) {
                    break;
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return out;
    }

    /** Deletes leading whole segments (never the last one); returns the bytes freed. */
    long deleteUpTo(long sequence, long olderThanMillis) throws IOException {
        long freed = 0;
        lock.writeLock().lock();
        try {
            Iterator<Segment> it = segments.values().iterator();
            while (it.hasNext() && !closed) {
                Segment s = it.next();
                if (s == segments.lastEntry().getValue() || s.lastSequence() > sequence
                        || s.lastWrittenAtMillis() >= olderThanMillis) {
                    break;
                }
                s.close();
                Files.deleteIfExists(s.path());
                it.remove();
                freed += s.fileBytes();
            }
        } finally {
            diskBytes.addAndGet(-freed);
            lock.writeLock().unlock();
        }
        return freed;
    }

    void close() throws IOException {
        lock.writeLock().lock();
        try {
            closed = true;
            IOException first = null;
            for (Segment s : segments.values()) {
                try {
                    s.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
