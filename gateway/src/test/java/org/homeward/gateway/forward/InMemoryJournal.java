package org.homeward.gateway.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.journal.JournalEntry;

/** Test double of {@link Journal}: synchronous, in memory, thread-safe. The integrator may swap the real one in. */
public final class InMemoryJournal implements Journal {
    private final List<JournalEntry> entries = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<Long> append(byte[] entry) {
        long seq = entries.size() + 1L;
        entries.add(new JournalEntry(seq, entry));
        return CompletableFuture.completedFuture(seq);
    }

    @Override
    public synchronized List<JournalEntry> read(long afterSequence, int max) {
        int from = (int) Math.min(afterSequence, entries.size());
        return List.copyOf(entries.subList(from, Math.min(entries.size(), from + max)));
    }

    @Override
    public synchronized long lastSequence() {
        return entries.size();
    }

    @Override
    public long firstSequence() {
        return 1;
    }

    @Override
    public long deleteUpTo(long sequence, long olderThanMillis) {
        return 0;
    }

    @Override
    public synchronized long sizeBytes() {
        return entries.stream().mapToLong(e -> e.payload().length).sum();
    }

    @Override
    public void close() {
    }
}
