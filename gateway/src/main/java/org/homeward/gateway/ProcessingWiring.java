package org.homeward.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.homeward.gateway.app.AlarmJournal;
import org.homeward.gateway.app.ClinicalBinding;
import org.homeward.gateway.app.RegistrySync;
import org.homeward.gateway.audit.AlarmAudit;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.cluster.ClusterSettings;
import org.homeward.gateway.cluster.ClusterTopics;
import org.homeward.gateway.cluster.KafkaClients;
import org.homeward.gateway.cluster.PartitionJournal;
import org.homeward.gateway.cluster.PartitionProcessing;
import org.homeward.gateway.cluster.ReadingsTopic;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.LearnedBaseline;
import org.homeward.gateway.forward.EscalationNotifier;
import org.homeward.gateway.ingest.PackLog;
import org.homeward.gateway.ingest.ReadingSink;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.processing.JournalReadingLog;
import org.homeward.gateway.processing.LiveFanout;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientCommands;
import org.homeward.gateway.processing.PatientQuery;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.processing.ReadingLog;
import org.homeward.gateway.processing.ShardSettings;

/**
 * Builds patient processing either way, and hands the rest of the gateway the same handles:
 * <ul>
 *   <li>{@link #local}: one {@link PatientShards} on the local journal, replayed at start-up (today's
 *   single process, unchanged);</li>
 *   <li>{@link #cluster}: packs and the owner's records on the readings topic, one engine per owned
 *   partition ({@link PartitionProcessing}), the same {@code PatientShards} class over each partition.</li>
 * </ul>
 */
record ProcessingWiring(PackLog packs, ReadingSink sink, Consumer<DeviceEvent> deviceEvents, PatientQuery query,
                        PatientCommands commands, Journal records, AlarmJournal alarmJournal, Runnable registryReload,
                        Runnable registryReloadNow, Supplier<List<Map<String, Object>>> technicalAlarms,
                        Runnable checkTechnicalAlarms, LongSupplier evaluatedPosition,
                        Supplier<Map<String, Object>> clusterStatus) {

    /** What both ways need from the root. */
    record Common(ComponentSettings settings, FileDeviceDirectory directory, SegmentedJournal journal, AlarmAudit alarmAudit,
                  EscalationNotifier notifier, LiveFanout live, MeterRegistry meters, Clock clock,
                  List<AutoCloseable> closeables) {
        <T extends AutoCloseable> T own(T c) {
            closeables.add(c);
            return c;
        }

        /** @param baselineOut where learned baselines go once final (cluster: the partition; single process: nowhere) */
        PatientShards shards(ShardSettings shardSettings, ReadingLog log, LiveListener listener, AlarmJournal alarmJournal,
                             Consumer<LearnedBaseline> baselineOut, Tags lagTags) {
            ClinicalSettings clinical = settings.clinical();
            return new PatientShards(shardSettings, log, new ClinicalBinding(clinical, notifier), listener, alarmJournal,
                    baselineOut, clock, clinical.zone(), meters, lagTags);
        }
    }

    /** The single process: shards on the local journal, replayed before this returns. */
    static ProcessingWiring local(Common c, Housekeeping housekeeping) throws IOException {
        AlarmJournal alarmJournal = new AlarmJournal(c.alarmAudit(), c.journal(), c.meters(), c.clock());
        housekeeping.retryAlarmWrites(alarmJournal::retryDue);
        PatientShards shards = c.own(c.shards(c.settings().shards(), new JournalReadingLog(c.journal(), c.meters()),
                c.live(), alarmJournal, b -> { }, Tags.empty())); // the local journal is replayed whole
        RegistrySync registry = StartupReplay.run(c.directory(), shards, c.journal(), c.alarmAudit());
        return new ProcessingWiring(PackLog.of(c.journal()), shards, shards::deviceEvent, shards, shards, c.journal(),
                alarmJournal, registry::reload, registry::reloadNow, shards::technicalAlarms, shards::checkTechnicalAlarms,
                shards::evaluatedPosition, null);
    }

    /**
     * A cluster node: creates the topics if missing, then joins the processing group. Partitions are taken
     * over (replayed) on the membership thread after this returns; until then they are not on this node's board.
     */
    static ProcessingWiring cluster(Common c, Housekeeping housekeeping, ClusterSettings cluster)
            throws InterruptedException {
        KafkaClients clients = new KafkaClients(cluster);
        ClusterTopics.ensure(clients);
        ReadingsTopic readings = c.own(new ReadingsTopic(clients, c.meters()));
        PartitionJournal records = new PartitionJournal(readings);
        AlarmJournal alarmJournal = new AlarmJournal(c.alarmAudit(), records, c.meters(), c.clock());
        housekeeping.retryAlarmWrites(alarmJournal::retryDue);
        ShardSettings one = c.settings().shards().withShards(1); // a partition is the unit of parallelism
        PartitionProcessing processing = c.own(PartitionProcessing.create(clients, readings, new PartitionProcessing.Parts() {
            @Override
            public PatientShards shards(ReadingLog log, LiveListener listener, int partition) {
                return c.shards(one, log, listener, alarmJournal, records::baseline,
                        Tags.of("partition", String.valueOf(partition)));
            }

            @Override
            public RegistrySync registry(PatientShards shards, int partition) {
                return RegistrySync.of(c.directory(), shards,
                        patient -> ReadingsTopic.partitionOf(patient, cluster.partitions()) == partition);
            }

            @Override
            public void replayedAlarm(Alarm alarm) {
                c.alarmAudit().remember(alarm);
            }

            @Override
            public CompletableFuture<?> durable(String alarmId) {
                return alarmJournal.durable(alarmId);
            }

            @Override
            public long baselineLearningMillis() {
                ClinicalSettings clinical = c.settings().clinical();
                return clinical.delays().baselineWindowMillis() + clinical.reorderHorizonMillis();
            }
        }, c.live(), c.meters()));
        FileDeviceDirectory directory = c.directory();
        directory.onNewVersion(processing::markDischarged);
        Runnable reloadNow = () -> {
            directory.reload();
            processing.syncRegistry();
            try {
                processing.applied().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the change was being applied", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the change is saved but patient processing has not applied it yet"
                        + " (overloaded); it takes effect within 5 s", e);
            }
        };
        processing.start();
        return new ProcessingWiring(readings, processing, processing::deviceEvent, processing, processing, records,
                alarmJournal, () -> {
                    if (directory.refresh()) {
                        processing.syncRegistry();
                    }
                }, reloadNow, processing::technicalAlarms, processing::checkTechnicalAlarms, c.journal()::lastSequence,
                processing::status);
    }
}
