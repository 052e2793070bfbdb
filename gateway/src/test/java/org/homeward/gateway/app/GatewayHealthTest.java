package org.homeward.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.journal.DiskAlarm;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.processing.ClinicalRules;
import org.homeward.gateway.processing.JournalReadingLog;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.processing.ShardSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /health lists processing's technical alarms with the disk alarm; a lagging shard is reported, not "not ready". */
@Timeout(10)
class GatewayHealthTest {
    @TempDir
    Path dir;

    @Test
    void givenAProcessingLagAlarmThenHealthListsItAndStaysReady() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (SegmentedJournal journal = SegmentedJournal.open(JournalSettings.defaults(dir), Clock.systemUTC(),
                meters);
             PatientShards shards = new PatientShards(ShardSettings.defaults(), new JournalReadingLog(journal, meters),
                     ClinicalRules.NONE, LiveListener.NONE, a -> { }, Clock.systemUTC(), ZoneOffset.UTC, meters)) {
            DiskAlarm disk = new DiskAlarm(() -> false, journal::sizeBytes, 0, meters, Clock.systemUTC());
            Map<String, Object> lag = Map.of("rule", "GATEWAY-PROCESSING-LAG", "lagEntries", 12L);
            HealthCheck.Health h = new GatewayHealth(journal, 0, disk,
                    new org.homeward.gateway.journal.JournalFaultAlarm(journal::faultedSince, meters), () -> List.of(lag), shards,
                    () -> 0, Map.of(), null, () -> true, new DiskSpace(dir), List::of).check();
            assertThat(h.ready()).isTrue();
            assertThat(h.details().get("technicalAlarms")).isEqualTo(List.of(lag));
        }
    }
}
