package org.homeward.gateway.cluster.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The apply rule of the registry topic, the same on every node: records are read in topic order
 * (one partition), and a record's document is put in force when it is well-formed, signed with the
 * cluster's master key, and its {@code version} is higher than the version in force. A writer
 * computes version n+1 from version n, so of two writers that both started from n the first in the
 * log wins and the second is refused as stale (it retries from n+1): a compare-and-set through the
 * log. Because every record carries the whole registry, the rule needs only the record and the
 * version in force, never the history, so it gives the same result on a node that reads the topic
 * after compaction removed superseded versions.
 *
 * <p>Not thread-safe: one thread feeds it records ({@link #accept}); {@link #inForce} is published
 * for other threads.
 */
final class RegistryFollower {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryFollower.class);
    /** How many applied versions are remembered, so a writer can tell whether its record won. */
    private static final int HISTORY = 256;

    /** The document in force: its version, record key (null before any) and when its writer wrote it. */
    record InForce(long version, String key, RegistryData data, long writtenAt) {
        static final InForce NONE = new InForce(0, null, RegistryData.empty(), 0);
    }

    /** What became of a record. */
    enum Outcome { APPLIED, STALE, TOMBSTONE, REFUSED }

    private final RegistryRecords records;
    private final MeterRegistry meters;
    private volatile InForce inForce = InForce.NONE;
    private final Map<Long, String> applied = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > HISTORY;
        }
    };

    RegistryFollower(RegistryRecords records, MeterRegistry meters) {
        this.records = records;
        this.meters = meters;
    }

    InForce inForce() {
        return inForce;
    }

    /** The key of the record applied as {@code version}, if it is among the recent ones; null otherwise. */
    synchronized String appliedKey(long version) {
        return applied.get(version);
    }

    /**
     * Applies or refuses one record read at {@code offset}; {@code live} is false while the history is
     * read at start-up (applied and stale versions are then logged at DEBUG, refusals always at ERROR).
     */
    Outcome accept(String key, byte[] value, Headers headers, long offset, boolean live) {
        if (value == null) {
            return count(Outcome.TOMBSTONE, "tombstone"); // compaction's delete marker of a superseded or refused version
        }
        RegistryRecords.Document doc;
        try {
            doc = records.decode(key, value, headers);
        } catch (RegistryRecords.RefusedException e) {
            LOG.error("registry record at offset {} (key {}) refused, not applied ({}): {}", offset, key,
                    e.refusal.tag(), e.getMessage());
            return count(Outcome.REFUSED, e.refusal.tag());
        }
        InForce now = inForce;
        if (doc.version() <= now.version()) {
            LOG.atLevel(live ? Level.INFO : Level.DEBUG).log(
                    "registry version {} from {} (offset {}) is stale: version {} is in force (a concurrent change won; its writer retries)",
                    doc.version(), doc.writer(), offset, now.version());
            return count(Outcome.STALE, "stale");
        }
        synchronized (this) {
            applied.put(doc.version(), key);
        }
        inForce = new InForce(doc.version(), key, doc.registry(), doc.writtenAt());
        LOG.atLevel(live ? Level.INFO : Level.DEBUG).log(
                "registry version {} from {} applied (offset {}, {} patients, {} devices, {} users)", doc.version(),
                doc.writer(), offset, doc.registry().patients().size(), doc.registry().devices().size(),
                doc.registry().users().size());
        return count(Outcome.APPLIED, "applied");
    }

    private Outcome count(Outcome outcome, String tag) {
        Counter.builder(Meters.REGISTRY_RECORDS).tag("outcome", tag).register(meters).increment();
        return outcome;
    }
}
