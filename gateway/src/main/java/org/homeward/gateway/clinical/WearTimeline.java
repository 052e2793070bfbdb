package org.homeward.gateway.clinical;

import java.util.Map;
import java.util.TreeMap;

/**
 * A device's {@code wear} records by measurement time. A record says what held from its own time on, so it
 * covers the readings measured at or after it until the next one, never the readings measured before it:
 * an off-body record at the end of a pack leaves the pack's earlier readings alone. Bounded; shard thread only.
 */
final class WearTimeline {
    /** Far above any pack or reorder horizon; the oldest entries go first. */
    static final int MAX_KEPT = 256;
    private final TreeMap<Long, Boolean> worn = new TreeMap<>();

    void record(long measuredAtMillis, boolean isWorn) {
        worn.put(measuredAtMillis, isWorn);
        if (worn.size() > MAX_KEPT) {
            worn.pollFirstEntry();
        }
    }

    /** The wear state at {@code atMillis}: the newest record measured at or before it; null when unknown. */
    Boolean at(long atMillis) {
        Map.Entry<Long, Boolean> e = worn.floorEntry(atMillis);
        return e == null ? null : e.getValue();
    }

    /** The newest wear state by measurement time; null when the device never sent one. */
    Boolean latest() {
        return worn.isEmpty() ? null : worn.lastEntry().getValue();
    }
}
