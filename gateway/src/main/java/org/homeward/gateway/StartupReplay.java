package org.homeward.gateway;

import java.io.IOException;
import org.homeward.gateway.app.JournalReplay;
import org.homeward.gateway.app.RegistrySync;
import org.homeward.gateway.audit.AlarmAudit;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.processing.PatientShards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up before any listener opens: the registry is synced into the shards, the journal replayed into
 * them, the shards started, and devices no longer assigned and alarms of discharged patients cleared.
 *
 * <p>Threading: called once by the starting thread; blocks while the journal is read.
 */
final class StartupReplay {
    private static final Logger LOG = LoggerFactory.getLogger(StartupReplay.class);

    private StartupReplay() {
    }

    /** Runs the steps in order and returns the registry sync for later reloads. */
    static RegistrySync run(FileDeviceDirectory directory, PatientShards shards, SegmentedJournal journal,
                            AlarmAudit alarmAudit) throws IOException {
        RegistrySync registry = RegistrySync.of(directory, shards);
        directory.onNewVersion(registry::markDischarged);
        registry.sync();
        long replayed = JournalReplay.into(journal, shards, alarmAudit).run();
        shards.replayDone();
        shards.start();
        registry.keepOnlyAssignedDevices();
        registry.closeDischargedAlarms();
        LOG.info("journal replayed: {} entries; {} patients, {} devices registered", replayed,
                directory.data().patients().size(), directory.data().devices().size());
        return registry;
    }
}
