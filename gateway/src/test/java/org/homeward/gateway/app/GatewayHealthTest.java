package org.homeward.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homeward.gateway.audit.AlarmAudit;
import org.homeward.gateway.audit.AuditTrail;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.forward.TestRecords;
import org.homeward.gateway.journal.DiskAlarm;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.MutableClock;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.processing.PatientQuery;
import org.homeward.gateway.processing.PatientSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Health: ready once started and while the journal has room; technical alarms of disk and alarm journaling listed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewayHealthTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(TestRecords.T0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicBoolean nearFull = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();

    @Test
    void givenAStartingGateway_whenChecked_thenNotReady_andOnceStarted_thenReady_whenTheDiskAlarmIsRaised_thenItIsListed()
            throws Exception {
        try (SegmentedJournal journal = SegmentedJournal.open(JournalSettings.defaults(dir), clock, meters)) {
            DiskAlarm disk = new DiskAlarm(nearFull::get, journal::sizeBytes, 1000, meters, clock);
            AlarmJournal alarms = new AlarmJournal(new AlarmAudit(AuditTrail.NONE), journal, meters, clock);
            GatewayHealth health = new GatewayHealth(journal, 0, disk, alarms, NO_PATIENTS, () -> 3,
                    Map.of("mqtt", 1883), null, started::get);

            HealthCheck.Health starting = health.check();
            started.set(true);
            HealthCheck.Health up = health.check();
            nearFull.set(true);
            HealthCheck.Health full = health.check();

            assertThat(starting.ready()).isFalse();
            assertThat(up.ready()).isTrue();
            assertThat(up.details()).containsEntry("mqttSessions", 3).containsEntry("patients", 0)
                    .containsEntry("technicalAlarms", List.of());
            assertThat(full.details().get("technicalAlarms")).asList().singleElement()
                    .satisfies(a -> assertThat(((Map<?, ?>) a).get("rule")).isEqualTo("GATEWAY-DISK-NEAR-FULL"));
        }
    }

    private static final PatientQuery NO_PATIENTS = new PatientQuery() {
        @Override
        public List<PatientSnapshot> patients() {
            return List.of();
        }

        @Override
        public Optional<PatientSnapshot> patient(String patientId) {
            return Optional.empty();
        }

        @Override
        public List<Reading> history(String patientId, long sinceMillis) {
            return List.of();
        }

        @Override
        public List<Alarm> alarms(boolean openOnly) {
            return List.of();
        }
    };
}
