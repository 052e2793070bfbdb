package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.clinical.Fixture.CUFF;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.OXI;
import static org.homeward.gateway.clinical.Fixture.PATCH;
import static org.homeward.gateway.clinical.Fixture.S;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.ManualEntry.Kind;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DATA-GAP timing driven by ticks (§5.4) and the other technical rules (§4, §5.2). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TechnicalRulesTest {
    private static final long D20 = Instant.parse("2026-12-10T08:00:00Z").toEpochMilli();

    @Test
    void tenMinuteDropoutOfThePatchRaisesLowGapAtTenMinutesByTicksAlone() {
        Fixture f = new Fixture();
        f.stream(PATCH, Vital.TEMP, 36.8, 2 * MIN, 10 * MIN);
        f.advance(10 * MIN - S);
        assertThat(f.open(Rules.DATA_GAP, PATCH)).isEmpty();
        f.advance(S);
        assertThat(f.open(Rules.DATA_GAP, PATCH)).hasValueSatisfying(a -> {
            assertThat(a.kind()).isEqualTo(AlarmKind.TECHNICAL);
            assertThat(a.priority()).isEqualTo(Priority.LOW);
            assertThat(a.evidence()).contains("temp 10.0 min");
        });
        f.read(PATCH, Vital.TEMP, 36.8);
        assertThat(f.open(Rules.DATA_GAP, PATCH)).as("data back: resolved").isEmpty();
    }

    @Test
    void oximeterGapIsLowAtFiveMinutesAndMediumAtThirtyInTheHighRiskWindow() {
        Fixture f = new Fixture();
        f.read(OXI, Vital.SPO2, 97);
        f.advance(5 * MIN);
        assertThat(f.open(Rules.DATA_GAP, OXI).orElseThrow().priority()).isEqualTo(Priority.LOW);
        f.advance(25 * MIN - S);
        assertThat(f.open(Rules.DATA_GAP, OXI).orElseThrow().priority()).isEqualTo(Priority.LOW);
        f.advance(S);
        assertThat(f.open(Rules.DATA_GAP, OXI).orElseThrow().priority()).isEqualTo(Priority.MEDIUM);
    }

    @Test
    void anOximetersGapEvidenceGivesItsKindDefaultIntervalInSeconds() {
        Fixture f = new Fixture();
        f.read(OXI, Vital.SPO2, 97);
        f.advance(5 * MIN);
        assertThat(f.open(Rules.DATA_GAP, OXI).orElseThrow().evidence())
                .contains("spo2 5.0 min").contains("expected every 1 s").doesNotContain("0.0 min");
    }

    @Test
    void afterDayFourteenAGapStaysLowUnlessAHighAlarmIsOpen() {
        Fixture f = new Fixture(ClinicalSettings.defaults(), D20);
        f.read(PATCH, Vital.TEMP, 36.8);
        f.advance(31 * MIN);
        assertThat(f.open(Rules.DATA_GAP, PATCH).orElseThrow().priority()).isEqualTo(Priority.LOW);
        f.stream(OXI, Vital.SPO2, 85, S, 30 * S);
        f.advance(S);
        assertThat(f.open(Rules.DATA_GAP, PATCH).orElseThrow().priority()).isEqualTo(Priority.MEDIUM);
    }

    @Test
    void senmlUpdateTimeWidensTheExpectedInterval() {
        Fixture f = new Fixture();
        f.monitor.registerDevice(PATCH, "patch", 5 * MIN);
        f.read(PATCH, Vital.TEMP, 36.8);
        f.advance(15 * MIN - S);
        assertThat(f.open(Rules.DATA_GAP, PATCH)).as("3 × 5 min").isEmpty();
        f.advance(S);
        assertThat(f.open(Rules.DATA_GAP, PATCH)).isPresent();
    }

    @Test
    void spotCheckDevicesAndOffMonitoringPatientsGetNoGapAlarm() {
        Fixture f = new Fixture();
        f.read(CUFF, Vital.SBP, 120);
        f.manual(Kind.OFF_MONITORING, 1, "in clinic");
        f.read(PATCH, Vital.TEMP, 36.8);
        f.advance(40 * MIN);
        assertThat(f.monitor.openAlarms()).isEmpty();
        f.manual(Kind.ON_MONITORING, 1, "");
        f.advance(S);
        assertThat(f.open(Rules.DATA_GAP, PATCH)).isPresent();
        assertThat(f.open(Rules.DATA_GAP, CUFF)).isEmpty();
    }

    @Test
    void disconnectRaisesDeviceOfflineAtOnceAndReconnectResolvesIt() {
        Fixture f = new Fixture();
        f.device(OXI, DeviceEvent.Type.DISCONNECTED);
        assertThat(f.open(Rules.DEVICE_OFFLINE, OXI)).hasValueSatisfying(a -> {
            assertThat(a.kind()).isEqualTo(AlarmKind.TECHNICAL);
            assertThat(a.priority()).isEqualTo(Priority.MEDIUM);
            assertThat(a.deviceId()).isEqualTo(OXI);
        });
        f.device(OXI, DeviceEvent.Type.CONNECTED);
        assertThat(f.open(Rules.DEVICE_OFFLINE, OXI)).isEmpty();
    }

    @Test
    void aReadingReceivedBeforeTheDisconnectButEvaluatedAfterItDoesNotCancelDeviceOffline() {
        Fixture f = new Fixture();
        f.advance(10 * S);
        long receivedBefore = f.now - S; // PUBACKed just before the device left; evaluated after the event
        f.device(OXI, DeviceEvent.Type.DISCONNECTED);
        f.collect(f.monitor.onReading(new Reading(OXI, Fixture.PATIENT, Vital.SPO2, 97, receivedBefore, receivedBefore,
                Quality.OK, Vital.SPO2.ucum(), false), f.now));
        f.advance(5 * S);
        assertThat(f.open(Rules.DEVICE_OFFLINE, OXI)).isPresent();
        f.read(OXI, Vital.SPO2, 97); // received after the disconnect: the device is back
        assertThat(f.open(Rules.DEVICE_OFFLINE, OXI)).isEmpty();
    }

    @Test
    void revokedDeviceTakesItsTechnicalAlarmsWithIt() {
        Fixture f = new Fixture();
        f.device(OXI, DeviceEvent.Type.OFFLINE_NOTICE);
        f.device(OXI, DeviceEvent.Type.REVOKED);
        assertThat(f.monitor.openAlarms()).isEmpty();
    }

    @Test
    void batteryBelowTwentyRaisesAndClearsAtTwentyFive() {
        Fixture f = new Fixture();
        f.read(PATCH, Vital.BAT, 20);
        assertThat(f.open(Rules.LOW_BATTERY, PATCH)).isEmpty();
        f.read(PATCH, Vital.BAT, 19);
        assertThat(f.open(Rules.LOW_BATTERY, PATCH)).isPresent();
        f.read(PATCH, Vital.BAT, 24);
        assertThat(f.open(Rules.LOW_BATTERY, PATCH)).isPresent();
        f.read(PATCH, Vital.BAT, 25);
        assertThat(f.open(Rules.LOW_BATTERY, PATCH)).isEmpty();
    }

    @Test
    void wearZeroIsOffBody() {
        Fixture f = new Fixture();
        f.read(PATCH, Vital.WEAR, 0);
        assertThat(f.open(Rules.OFF_BODY, PATCH)).isPresent();
        f.read(PATCH, Vital.WEAR, 1);
        assertThat(f.open(Rules.OFF_BODY, PATCH)).isEmpty();
    }

    @Test
    void repeatedImplausibleValuesRaiseSensorFaultWhichAgesOut() {
        Fixture f = new Fixture();
        f.collect(f.monitor.onRejectedRecord(PATCH, Vital.TEMP, f.now));
        f.collect(f.monitor.onRejectedRecord(PATCH, Vital.TEMP, f.now));
        assertThat(f.open(Rules.SENSOR_FAULT, PATCH)).isEmpty();
        f.collect(f.monitor.onRejectedRecord(PATCH, Vital.TEMP, f.now));
        assertThat(f.open(Rules.SENSOR_FAULT, PATCH)).isPresent();
        f.advance(10 * MIN + S);
        assertThat(f.open(Rules.SENSOR_FAULT, PATCH)).isEmpty();
    }

    @Test
    void poorSignalIsRaisedWhileDataArrivesButNotWhenNothingArrives() {
        Fixture f = new Fixture();
        f.stream(PATCH, Vital.RR, 16, 10 * S, 50 * S);
        f.advance(10 * S);
        f.read(PATCH, Vital.RR, 16, Quality.LOW_CONFIDENCE);
        for (int i = 0; i < 5; i++) {
            f.advance(10 * S);
            f.read(PATCH, Vital.RR, 16, Quality.LOW_CONFIDENCE);
        }
        assertThat(f.open(Rules.POOR_SIGNAL, PATCH)).isEmpty();
        f.advance(10 * S);
        f.read(PATCH, Vital.RR, 16, Quality.LOW_CONFIDENCE);
        assertThat(f.open(Rules.POOR_SIGNAL, PATCH)).hasValueSatisfying(a -> assertThat(a.evidence()).contains("rr"));
        f.advance(10 * MIN);
        assertThat(f.open(Rules.POOR_SIGNAL, PATCH)).as("nothing received: a gap, not poor signal").isEmpty();
        assertThat(f.open(Rules.DATA_GAP, PATCH)).isPresent();
    }
}
