package org.homeward.gateway.forward;

import java.util.List;
import java.util.Objects;
import org.homeward.gateway.journal.Journal;

/**
 * All forwarders of the gateway, so the journal's retention can ask what every one of them has
 * passed. Thread-safe (immutable list; cursors are read atomically).
 */
public final class Forwarders implements AutoCloseable {
    private final Journal journal;
    private final List<Forwarder> forwarders;

    public Forwarders(Journal journal, List<Forwarder> forwarders) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.forwarders = List.copyOf(forwarders);
    }

    public void start() {
        forwarders.forEach(Forwarder::start);
    }

    /**
     * The highest journal sequence every forwarder has finished with; entries at or below it may
     * be deleted by retention. With no forwarder configured this is the journal's last sequence.
     */
    public long lowestCursor() {
        long lowest = journal.lastSequence();
        for (Forwarder f : forwarders) {
            if (f.holdsJournal()) { // a readings-topic forwarder (cluster mode) does not read the local journal
                lowest = Math.min(lowest, f.cursor());
            }
        }
        return lowest;
    }

    /** Every sink's raised technical alarm (FORWARD-SINK-DOWN) as JSON-ready maps; empty when none. */
    public List<java.util.Map<String, Object>> technicalAlarms() {
        return forwarders.stream().flatMap(f -> f.technicalAlarm().stream()).toList();
    }

    public List<Forwarder> forwarders() {
        return forwarders;
    }

    @Override
    public void close() {
        forwarders.forEach(Forwarder::close);
    }
}
