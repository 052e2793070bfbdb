package org.homeward.gateway.processing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.journal.JournalEntry;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local journal as the processing log: position = journal sequence; reading entries are decoded,
 * every other entry (alarm change, manual entry, threshold change) comes back empty without being
 * decoded. Nothing is persisted on commit: start-up replays the journal into the shards anyway.
 *
 * <p>The {@value #RECENT} most recent reading entries that ingest reported {@link #durable} are kept
 * in a ring keyed by position, so shards that keep up take them from memory instead of reading and
 * decoding the journal again (once per shard). The ring is only a cache of durable entries: a position
 * that is not in it (overwritten while a shard was behind, an alarm entry, a lost hint) is read from
 * the journal, so the entries returned are the same either way. An entry read from the journal goes
 * into the ring too (unless a newer one holds its slot), so when a shard runs ahead of the hints (it is
 * woken by the first hint of a group commit while the journal already shows the whole group) the
 * entry is read and decoded once for all shards instead of once per shard. The counter
 * {@value Meters#PROCESSING_LOG_READS} tells by {@code source} how often the ring saved the read.
 * Thread-safe: the ring is an atomic array of immutable entries, the journal's reads are thread-safe.
 */
public final class JournalReadingLog implements ReadingLog {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReadingLog.class);
    /** Ring slots (a power of two): about 0.3 s of packs at 28k packs/s, a few MB of readings. */
    static final int RECENT = 8_192;
    private final Journal journal;
    private final Counter undecodable;
    private final Counter fromRing;
    private final Counter fromJournal;
    private final AtomicReferenceArray<Entry> recent = new AtomicReferenceArray<>(RECENT);

    public JournalReadingLog(Journal journal, MeterRegistry meters) {
        this.journal = journal;
        this.undecodable = Counter.builder(Meters.PROCESSING_UNDECODABLE)
                .description("Journal entries processing could not decode (skipped, logged)").register(meters);
        this.fromRing = Counter.builder(Meters.PROCESSING_LOG_READS).tag("source", "ring").register(meters);
        this.fromJournal = Counter.builder(Meters.PROCESSING_LOG_READS).tag("source", "journal").register(meters);
    }

    @Override
    public void durable(long position, List<Reading> readings) {
        recent.set(slot(position), new Entry(position, readings));
    }

    @Override
    public List<Entry> read(long afterPosition, int max) throws IOException {
        long end = journal.lastSequence();
        List<Entry> out = new ArrayList<>((int) Math.max(0, Math.min(max, end - afterPosition)));
        long next = afterPosition + 1;
        int read = 0;
        while (out.size() < max && next <= end) {
            Entry cached = cached(next);
            if (cached != null) {
                out.add(cached);
                next++;
                continue;
            }
            int run = 1; // read the positions up to the next cached one from the journal in one go
            while (next + run <= end && out.size() + run < max && cached(next + run) == null) {
                run++;
            }
            List<JournalEntry> entries = journal.read(next - 1, run);
            if (entries.isEmpty()) {
                break;
            }
            for (JournalEntry e : entries) {
                Entry entry = new Entry(e.sequence(), readings(e));
                remember(entry);
                out.add(entry);
            }
            read += entries.size();
            next = entries.get(entries.size() - 1).sequence() + 1;
        }
        count(out.size() - read, read);
        return out;
    }

    /** Keeps an entry read from the journal for the other shards, unless its slot holds a newer one. */
    private void remember(Entry e) {
        int slot = slot(e.position());
        Entry old = recent.get(slot);
        if (old == null || old.position() < e.position()) {
            recent.compareAndSet(slot, old, e); // lost to a concurrent hint or read of the same or a newer entry: fine
        }
    }

    private void count(int ring, int journalReads) {
        if (ring > 0) {
            fromRing.increment(ring);
        }
        if (journalReads > 0) {
            fromJournal.increment(journalReads);
        }
    }

    private Entry cached(long position) {
        Entry e = recent.get(slot(position));
        return e != null && e.position() == position ? e : null;
    }

    private static int slot(long position) {
        return (int) (position & (RECENT - 1));
    }

    private List<Reading> readings(JournalEntry e) {
        byte[] p = e.payload();
        if (p.length == 0 || p[0] != JournalRecords.READINGS) {
            return List.of();
        }
        try {
            return JournalRecords.decode(p).readings();
        } catch (IllegalArgumentException bad) {
            undecodable.increment();
            LOG.error("journal entry {} cannot be decoded for processing and is skipped: {}", e.sequence(),
                    bad.getMessage());
            return List.of();
        }
    }

    @Override
    public long endPosition() {
        return journal.lastSequence();
    }
}
