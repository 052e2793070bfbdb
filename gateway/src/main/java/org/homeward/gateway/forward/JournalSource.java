package org.homeward.gateway.forward;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.journal.JournalEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-process source: the local journal after the cursor persisted in a {@link CursorFile}.
 * Positions are journal sequences and keys {@code <gatewayId>-<sequence>-<index>}. Threading as
 * {@link ForwardSource}.
 */
final class JournalSource implements ForwardSource {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class); // the same log lines as before the seam
    private final Journal journal;
    private final CursorFile cursorFile;
    private final String gatewayId;
    private final String sinkName;
    private final AtomicLong cursor = new AtomicLong();

    JournalSource(Journal journal, CursorFile cursorFile, String gatewayId, String sinkName) throws IOException {
        this.journal = journal;
        this.cursorFile = cursorFile;
        this.gatewayId = gatewayId;
        this.sinkName = sinkName;
        this.cursor.set(cursorFile.read());
    }

    @Override
    public List<Entry> next(int max) throws IOException {
        List<JournalEntry> entries = journal.read(cursor.get(), max);
        List<Entry> out = new ArrayList<>(entries.size());
        for (JournalEntry e : entries) {
            out.add(new Entry(e.sequence(), gatewayId + "-" + e.sequence(), e.payload()));
        }
        return out;
    }

    @Override
    public void finished(long position) {
        try {
            cursorFile.write(position);
        } catch (IOException e) {
            // Keep going: the in-memory cursor moves on; a later write persists it, a crash re-delivers.
            LOG.error("forwarder {}: cannot persist cursor: {}", sinkName, e.toString());
        }
        cursor.set(position);
    }

    @Override
    public long position() {
        return cursor.get();
    }

    @Override
    public long backlog() {
        return Math.max(0, journal.lastSequence() - cursor.get());
    }

    @Override
    public boolean holdsJournal() {
        return true;
    }

    @Override
    public void close() {
        // the journal belongs to the gateway
    }
}
