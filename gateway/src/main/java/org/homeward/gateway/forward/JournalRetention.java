package org.homeward.gateway.forward;

import java.io.IOException;
import java.time.Clock;
import java.util.function.LongSupplier;
import org.homeward.gateway.journal.DiskAlarm;
import org.homeward.gateway.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journal retention: a segment goes only when every forwarder and the patient shards (which read
 * readings from the journal) have passed it and it is older than the retention period. With no
 * forwarder the journal is the only store and age alone counts. Each run then re-checks the disk alarm.
 *
 * <p>Threading: run by the housekeeping thread. Blocks on file deletion; a failure is logged and the
 * next run tries again, it never escapes.
 */
public final class JournalRetention implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRetention.class);
    private final Journal journal;
    private final Forwarders forwarders;
    private final DiskAlarm diskAlarm;
    private final long retentionMillis;
    private final Clock clock;
    private final LongSupplier evaluated;

    /** @param evaluated the journal sequence up to which the patient shards have evaluated readings */
    public JournalRetention(Journal journal, Forwarders forwarders, LongSupplier evaluated, DiskAlarm diskAlarm,
                            long retentionMillis, Clock clock) {
        this.journal = journal;
        this.forwarders = forwarders;
        this.evaluated = evaluated;
        this.diskAlarm = diskAlarm;
        this.retentionMillis = retentionMillis;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            long upTo = Math.min(evaluated.getAsLong(),
                    forwarders.forwarders().isEmpty() ? journal.lastSequence() : forwarders.lowestCursor());
            long freed = journal.deleteUpTo(upTo, clock.millis() - retentionMillis);
            if (freed > 0) {
                LOG.info("journal retention freed {} bytes", freed);
            }
            diskAlarm.check();
        } catch (IOException | RuntimeException e) {
            LOG.error("journal retention failed: {}", e.toString());
        }
    }
}
