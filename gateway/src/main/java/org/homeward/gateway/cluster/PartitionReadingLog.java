package org.homeward.gateway.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.processing.ReadingLog;

/**
 * One partition of the readings topic as the processing log of the engine that owns it: position =
 * Kafka offset + 1 (so 0 stays "before the first entry"). The membership consumer's poll thread
 * {@link #append}s each record it consumed after the replay (readings decoded, any other record as an
 * empty entry, exactly as {@code JournalReadingLog} treats the local journal); during the replay it
 * only moves the end ({@link #skipTo}). Entries stay in memory until every shard of the engine has
 * evaluated them ({@link #trim}); Kafka, not this map, is the durable copy.
 *
 * <p>Threading: one writer (the poll thread), any number of reading shard threads; a concurrent skip
 * list map and a volatile end.
 */
final class PartitionReadingLog implements ReadingLog {
    private final ConcurrentSkipListMap<Long, Entry> entries = new ConcurrentSkipListMap<>();
    private volatile long end;

    /** The consumer read the record at {@code position} (offset + 1) live. */
    void append(long position, List<Reading> readings) {
        entries.put(position, new Entry(position, readings));
        end = position;
    }

    /** Replay consumed up to {@code position}: live reading starts after it. */
    void skipTo(long position) {
        end = position;
    }

    /** Forgets entries at or below {@code position}, which every shard has evaluated. */
    void trim(long position) {
        entries.headMap(position, true).clear();
    }

    /** Entries held in memory (evaluation backlog), for health. */
    int held() {
        return entries.size();
    }

    @Override
    public List<Entry> read(long afterPosition, int max) {
        List<Entry> out = new ArrayList<>(Math.min(max, 64));
        for (Map.Entry<Long, Entry> e : entries.tailMap(afterPosition, false).entrySet()) {
            if (out.size() >= max) {
                break;
            }
            out.add(e.getValue());
        }
        return out;
    }

    @Override
    public long endPosition() {
        return end;
    }
}
