package org.homeward.gateway.processing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.journal.JournalEntry;
import org.homeward.gateway.journal.JournalRecords;
import org.homeward.gateway.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local journal as the processing log: position = journal sequence; reading entries are decoded,
 * every other entry (alarm change, manual entry, threshold change) comes back empty without being
 * decoded. Thread-safe (the journal's reads are). Nothing is persisted on commit: start-up replays
 * the journal into the shards anyway.
 */
public final class JournalReadingLog implements ReadingLog {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReadingLog.class);
    private final Journal journal;
    private final Counter undecodable;

    public JournalReadingLog(Journal journal, MeterRegistry meters) {
        this.journal = journal;
        this.undecodable = Counter.builder(Meters.PROCESSING_UNDECODABLE)
                .description("Journal entries processing could not decode (skipped, logged)").register(meters);
    }

    @Override
    public List<Entry> read(long afterPosition, int max) throws IOException {
        List<JournalEntry> entries = journal.read(afterPosition, max);
        List<Entry> out = new ArrayList<>(entries.size());
        for (JournalEntry e : entries) {
            out.add(new Entry(e.sequence(), readings(e)));
        }
        return out;
    }

    private List<org.homeward.gateway.domain.Reading> readings(JournalEntry e) {
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
