package org.homeward.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FaultInjectionTest {
    private static final RunProfile REAL_TIME = Traces.profile(1, Duration.ofSeconds(5));
    private static List<Emission> deviceFaults;

    /** The 24-h device-faults trace at real-time intervals, generated once for the class. */
    private static synchronized List<Emission> deviceFaults() {
        if (deviceFaults == null) {
            deviceFaults = Traces.all("device-faults", 9, 0, REAL_TIME);
        }
        return deviceFaults;
    }

    private static long count(List<Emission> all, DeviceKind kind, String flag) {
        return all.stream().filter(e -> e.kind() == kind && e.channel() == Channel.SENML && e.flag().equals(flag)).count();
    }

    /** Gaps longer than twice the interval between consecutive sample times of a device. */
    private static int gaps(List<Emission> all, DeviceKind kind, double intervalSeconds) {
        List<Double> times = new ArrayList<>();
        all.stream().filter(e -> e.kind() == kind && e.channel() == Channel.SENML && !e.flag().equals("dup"))
                .flatMap(e -> e.pack().records().stream().map(Rec::time)).distinct().sorted().forEach(times::add);
        int gaps = 0;
        for (int i = 1; i < times.size(); i++) {
            if (times.get(i) - times.get(i - 1) > 2 * intervalSeconds) {
                gaps++;
            }
        }
        return gaps;
    }

    @Test
    void deviceFaultsScenarioInjectsExactlyTheConfiguredFaults() {
        List<Emission> all = deviceFaults();

        assertThat(count(all, DeviceKind.OXIMETER, "dup")).isEqualTo(3);
        assertThat(count(all, DeviceKind.PATCH, "dup")).isEqualTo(2);
        assertThat(count(all, DeviceKind.OXIMETER, "malformed")).isEqualTo(2);
        assertThat(count(all, DeviceKind.PATCH, "malformed")).isEqualTo(1);
        assertThat(count(all, DeviceKind.OXIMETER, "reordered")).isEqualTo(2);
        assertThat(count(all, DeviceKind.PATCH, "reordered")).isZero();
        // patch: one unbuffered 40-min dropout; off-body still reports (cooling) readings
        assertThat(gaps(all, DeviceKind.PATCH, 120)).isEqualTo(1);
        // oximeter: 20 min off the finger is a gap; the buffered dropout is backfilled, so not a gap
        assertThat(gaps(all, DeviceKind.OXIMETER, 5)).isEqualTo(1);
    }

    @Test
    void bufferedDropoutBackfillsLateWithOriginalTimestamps() {
        List<Emission> backfill = deviceFaults().stream()
                .filter(e -> e.flag().equals("backfill")).toList();
        // 45 min of 5-s samples = 540 samples, 30 per pack
        assertThat(backfill).hasSize(18);
        long windowEndMillis = (long) ((9 + 45 / 60.0) * 3600_000);
        for (Emission e : backfill) {
            assertThat(e.emitMillis()).isGreaterThanOrEqualTo(windowEndMillis);
            assertThat(e.pack().records()).hasSize(30 * 4);
            double firstSampleOffset = e.pack().records().get(0).time() - REAL_TIME.epochSeconds(0);
            assertThat(firstSampleOffset * 1000).isLessThan(windowEndMillis);
        }
    }

    @Test
    void clockSkewShiftsOnlyTheSkewedDevice() {
        for (Emission e : Traces.all("device-faults", 9, 0, Traces.profile(1, Duration.ofMinutes(10)))) {
            double lag = e.pack().records().get(0).time() - REAL_TIME.epochSeconds(e.emitMillis());
            if (e.kind() == DeviceKind.PATCH && e.flag().isEmpty()) {
                assertThat(lag).isCloseTo(300, org.assertj.core.data.Offset.offset(0.01));
            } else if (e.kind() == DeviceKind.BP_CUFF) {
                assertThat(lag).isCloseTo(0, org.assertj.core.data.Offset.offset(0.01));
            }
        }
    }

    @Test
    void offBodyPatchCoolsAndReportsNotWorn() {
        List<Emission> all = Traces.all("device-faults", 9, 0, Traces.profile(1, Duration.ofMinutes(10)));
        double coolest = all.stream().filter(e -> e.kind() == DeviceKind.PATCH && e.channel() == Channel.SENML
                && e.simHours() > 4.3 && e.simHours() < 4.5).mapToDouble(e -> e.pack().records().get(0).value())
                .min().orElseThrow();
        assertThat(coolest).isLessThan(30);
        assertThat(all.stream().anyMatch(e -> e.kind() == DeviceKind.PATCH && e.channel() == Channel.STATUS
                && e.simHours() > 4 && e.simHours() < 4.5 && Boolean.FALSE.equals(e.pack().records().get(2).bool())))
                .isTrue();
    }

    @Test
    void drainedBatteryStopsTheDevice() {
        List<Emission> oxi = Traces.all("device-faults", 9, 0, Traces.profile(1, Duration.ofMinutes(1))).stream()
                .filter(e -> e.kind() == DeviceKind.OXIMETER).toList();
        Emission last = oxi.get(oxi.size() - 1);
        // 90-100 % at 5 %/h: dead between 18 h and 20 h
        assertThat(last.simHours()).isBetween(17.5, 20.0);
    }

    @Test
    void customScenarioFromYamlGivesExactCountsForEveryMalformationKind() {
        String yaml = """
                name: custom-faults
                durationHours: 6
                faults:
                  duplicates: {patch: 4}
                  malformed: {oximeter: 5}
                  reorders: {patch: 3}
                """;
        Scenario s = ScenarioLibrary.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
        List<Emission> all = new ArrayList<>();
        new PatientTrace(PatientKit.pseudonymous(1, 0, s), REAL_TIME, 1).forEachRemaining(all::add);

        assertThat(count(all, DeviceKind.PATCH, "dup")).isEqualTo(4);
        assertThat(count(all, DeviceKind.PATCH, "reordered")).isEqualTo(3);
        Map<Malformation, Long> kinds = new TreeMap<>();
        all.stream().filter(e -> e.malformation() != null).forEach(e -> kinds.merge(e.malformation(), 1L, Long::sum));
        assertThat(kinds).hasSize(5).allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void tooManyFaultsForTheRunIsARefusalNotASilentShortfall() {
        String yaml = """
                name: impossible
                durationHours: 0.5
                faults:
                  duplicates: {patch: 50}
                """;
        Scenario s = ScenarioLibrary.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
        assertThatThrownBy(() -> new PatientTrace(PatientKit.pseudonymous(1, 0, s), REAL_TIME, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("impossible/patch");
    }
}
