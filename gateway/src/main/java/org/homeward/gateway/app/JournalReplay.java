package org.homeward.gateway.app;

import java.io.IOException;
import java.util.List;
import org.homeward.gateway.audit.AlarmAudit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.ThresholdChange;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.journal.JournalEntry;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.records.JournalRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up replay: reads the whole journal in order and hands every decoded record to the shards,
 * so the first reading a device sends lands on the state the gateway had when it stopped. An entry
 * that cannot be decoded is logged with its sequence and skipped; device events are not replayed.
 *
 * <p>Threading: called once, on the starting thread, before the shards and listeners start. Blocks on
 * journal reads; an {@link IOException} of the journal stops the replay (and the start).
 */
public final class JournalReplay {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReplay.class);
    private static final int BATCH = 4096;

    /** What the replay feeds; the patient shards (and the alarm audit) in production. */
    interface Target {
        void readings(List<Reading> readings);

        void alarm(Alarm alarm);

        void manual(ManualEntry entry);

        void thresholds(ThresholdChange change);
    }

    private final Journal journal;
    private final Target target;

    JournalReplay(Journal journal, Target target) {
        this.journal = journal;
        this.target = target;
    }

    /** Replays into the shards; alarms also into the audit, so a restart does not re-audit known states. */
    public static JournalReplay into(Journal journal, PatientShards shards, AlarmAudit alarmAudit) {
        return new JournalReplay(journal, new Target() {
            @Override
            public void readings(List<Reading> readings) {
                shards.replayReadings(readings);
            }

            @Override
            public void alarm(Alarm alarm) {
                shards.replayAlarm(alarm);
                alarmAudit.remember(alarm);
            }

            @Override
            public void manual(ManualEntry entry) {
                shards.replayManual(entry);
            }

            @Override
            public void thresholds(ThresholdChange change) {
                shards.replayThresholds(change);
            }
        });
    }

    /** Replays every entry; returns how many were read (skipped ones included). */
    public long run() throws IOException {
        long after = 0;
        long count = 0;
        while (true) {
            List<JournalEntry> batch = journal.read(after, BATCH);
            if (batch.isEmpty()) {
                return count;
            }
            for (JournalEntry e : batch) {
                try {
                    JournalRecords.Decoded d = JournalRecords.decode(e.payload());
                    switch (d.type()) {
                        case JournalRecords.READINGS: target.readings(d.readings()); break;
                        case JournalRecords.ALARM: target.alarm(d.alarm()); break;
                        case JournalRecords.MANUAL: target.manual(d.manual()); break;
                        case JournalRecords.THRESHOLDS: target.thresholds(d.thresholds()); break;
                        default: break;
                    }
                } catch (IllegalArgumentException bad) {
                    LOG.error("journal entry {} cannot be decoded and is skipped: {}", e.sequence(), bad.getMessage());
                }
                after = e.sequence();
                count++;
            }
        }
    }
}
