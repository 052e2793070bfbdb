package org.homeward.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DeliveryFaultsTest {
    private static final RunProfile REAL_TIME = Traces.profile(1, Duration.ofSeconds(5));
    private static final long SEED = 5;

    private static Scenario scenario(String delivery) {
        String yaml = """
                name: messy
                durationHours: 3
                bp: {everyHours: 1, firstAtHour: 0.25}
                faults:
                  delivery:
                """ + delivery.indent(4);
        return ScenarioLibrary.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    private static List<Emission> play(Scenario s) {
        PatientTrace t = new PatientTrace(PatientKit.pseudonymous(SEED, 0, s), REAL_TIME, SEED);
        List<Emission> out = new ArrayList<>();
        t.forEachRemaining(out::add);
        return out;
    }

    private static List<Emission> senml(List<Emission> all, DeviceKind kind) {
        return all.stream().filter(e -> e.kind() == kind && e.channel() == Channel.SENML).toList();
    }

    private static List<Emission> backfill(List<Emission> all, DeviceKind kind) {
        return senml(all, kind).stream().filter(e -> e.flag().equals("backfill")).toList();
    }

    private static List<Double> times(List<Emission> packs, String name) {
        return packs.stream().flatMap(e -> e.pack().records().stream()).filter(r -> r.name().equals(name))
                .map(Rec::time).toList();
    }

    private static void assertEmissionOrder(List<Emission> all) {
        assertThat(all).isSortedAccordingTo(Comparator.comparingLong(Emission::emitMillis));
    }

    @Test
    void givenANewestFirstOutage_whenPlayed_thenTheBufferIsUploadedAtTheEndNewestPackAndRecordFirst() {
        Scenario s = scenario("outages: [{device: oximeter, atHour: 1.0, minutes: 10, order: newest-first, packSamples: 20}]");
        List<Emission> clean = senml(play(s.withDelivery(Delivery.NONE)), DeviceKind.OXIMETER);
        List<Emission> all = play(s);
        List<Emission> oxi = senml(all, DeviceKind.OXIMETER);
        long end = REAL_TIME.wallMillisOf(1.0 + 10 / 60.0);

        List<Emission> backfill = backfill(all, DeviceKind.OXIMETER);
        assertThat(backfill).hasSize(6); // 120 samples in packs of 20
        assertThat(backfill).allSatisfy(e -> assertThat(e.emitMillis()).isEqualTo(end));
        List<Double> uploaded = times(backfill, "spo2");
        assertThat(uploaded).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(oxi.stream().filter(e -> !e.flag().equals("backfill"))
                .filter(e -> e.emitMillis() >= REAL_TIME.wallMillisOf(1.0) && e.emitMillis() < end)).isEmpty();
        // nothing lost, nothing added: the same samples as the clean run
        assertThat(times(oxi, "spo2")).containsExactlyInAnyOrderElementsOf(times(clean, "spo2"));
        assertEmissionOrder(all);
    }

    @Test
    void givenAnInterleavedOutage_whenPlayed_thenEveryPackSpansTheWholeOutage() {
        List<Emission> all = play(scenario("outages: [{device: oximeter, atHour: 1.0, minutes: 10, order: interleaved, "
                + "packSamples: 40}]"));
        List<Emission> backfill = backfill(all, DeviceKind.OXIMETER);
        assertThat(backfill).hasSize(3);
        for (Emission e : backfill) {
            List<Double> t = times(List.of(e), "spo2");
            assertThat(t).hasSize(40).isSorted();
            assertThat(t.get(t.size() - 1) - t.get(0)).as("span of one pack, s").isGreaterThan(580);
        }
    }

    @Test
    void givenAnOffBodyTail_whenTheOutageEnds_thenTheLastUploadedPackEndsWithWearFalseAfterTheNewestSample() {
        List<Emission> all = play(scenario("outages: [{device: patch, atHour: 1.0, minutes: 30, packSamples: 60, "
                + "offBodyTail: true}]"));
        List<Emission> backfill = backfill(all, DeviceKind.PATCH);
        assertThat(backfill).hasSize(1);
        List<Rec> recs = backfill.get(0).pack().records();
        Rec tail = recs.get(recs.size() - 1);
        assertThat(tail.name()).isEqualTo("wear");
        assertThat(tail.bool()).isFalse();
        assertThat(tail.time()).isEqualTo(times(backfill, "temp").stream().max(Double::compare).orElseThrow() + 1);
        assertThat(times(backfill, "temp")).hasSize(15);
    }

    @Test
    void givenRetransmits_whenPlayed_thenEveryPackIsSentAgainOneSecondApartUnchanged() {
        List<Emission> all = play(scenario("retransmits: {patch: 3}"));
        List<Emission> patch = senml(all, DeviceKind.PATCH);
        List<Emission> originals = patch.stream().filter(e -> !e.flag().equals("dup")).toList();
        assertThat(patch).hasSize(4 * originals.size());
        Emission first = originals.get(0);
        List<Emission> copies = patch.stream().filter(e -> e.pack().equals(first.pack())).toList();
        assertThat(copies).extracting(Emission::emitMillis).containsExactly(first.emitMillis(), first.emitMillis() + 1000,
                first.emitMillis() + 2000, first.emitMillis() + 3000);
        assertThat(senml(all, DeviceKind.OXIMETER)).noneMatch(e -> e.flag().equals("dup"));
    }

    @Test
    void givenClockDriftAndAStepAhead_whenPlayed_thenTheStampsMoveByTheDriftAndTheStepOnly() {
        Scenario s = scenario("""
                clockDrift: {oximeter: 60}
                clockAhead: [{device: patch, atHour: 2.0, minutes: 4, seconds: 270}]""");
        List<Emission> clean = play(s.withDelivery(Delivery.NONE));
        List<Emission> messy = play(s);
        List<Emission> cleanOxi = senml(clean, DeviceKind.OXIMETER);
        List<Emission> messyOxi = senml(messy, DeviceKind.OXIMETER);
        assertThat(messyOxi).hasSameSizeAs(cleanOxi);
        for (int i = 0; i < cleanOxi.size(); i += 97) {
            double shift = messyOxi.get(i).pack().records().get(0).time() - cleanOxi.get(i).pack().records().get(0).time();
            assertThat(shift).isCloseTo(60 * cleanOxi.get(i).simHours(), org.assertj.core.data.Offset.offset(1e-3));
        }
        List<Double> cleanTemp = times(senml(clean, DeviceKind.PATCH), "temp");
        List<Double> messyTemp = times(senml(messy, DeviceKind.PATCH), "temp");
        int ahead = 0;
        for (int i = 0; i < cleanTemp.size(); i++) {
            double shift = messyTemp.get(i) - cleanTemp.get(i);
            assertThat(shift).isIn(0.0, 270.0);
            ahead += shift > 0 ? 1 : 0;
        }
        assertThat(ahead).as("patch samples in the 4-min window (2-min interval)").isEqualTo(2);
    }

    @Test
    void givenAStepCounter_whenPlayed_thenActIsAWholeStepCountInUnitCountAndTheVitalsAreUnchanged() {
        Scenario s = scenario("stepCounter: [oximeter]");
        List<Emission> clean = senml(play(s.withDelivery(Delivery.NONE)), DeviceKind.OXIMETER);
        List<Emission> messy = senml(play(s), DeviceKind.OXIMETER);
        List<Rec> acts = messy.stream().flatMap(e -> e.pack().records().stream()).filter(r -> r.name().equals("act")).toList();
        assertThat(acts).isNotEmpty().allSatisfy(r -> {
            assertThat(r.unit()).isEqualTo("count");
            assertThat(r.value()).isBetween(3.0, 150.0);
            assertThat(r.value() % 1).isZero();
        });
        assertThat(times(messy, "spo2")).isEqualTo(times(clean, "spo2"));
        assertThat(messy.get(10).pack().records().get(0)).isEqualTo(clean.get(10).pack().records().get(0));
    }

    @Test
    void givenABufferedBp_whenPlayed_thenALowReadingAndItsNormalRepeatArriveTogetherLate() {
        Scenario s = scenario("bufferedBp: [{atHour: 1.0, lowSbp: 84, repeatMinutes: 3, arriveMinutes: 6}]");
        List<Emission> clean = senml(play(s.withDelivery(Delivery.NONE)), DeviceKind.BP_CUFF);
        List<Emission> cuff = senml(play(s), DeviceKind.BP_CUFF);
        Emission original = clean.stream().filter(e -> e.simHours() >= 1.0).findFirst().orElseThrow();
        List<Emission> pair = cuff.stream().filter(e -> e.flag().equals("buffered")).toList();
        assertThat(pair).hasSize(2);
        assertThat(cuff).hasSize(clean.size() + 1);
        Rec lowSbp = pair.get(0).pack().records().get(0);
        Rec repeatSbp = pair.get(1).pack().records().get(0);
        Rec trueSbp = original.pack().records().get(0);
        assertThat(lowSbp.name()).isEqualTo("sbp");
        assertThat(lowSbp.value()).isEqualTo(Math.round(84 * Sensors.PA_PER_MMHG));
        assertThat(lowSbp.time()).isEqualTo(trueSbp.time());
        assertThat(repeatSbp.value()).isEqualTo(trueSbp.value());
        assertThat(repeatSbp.time()).isEqualTo(trueSbp.time() + 180);
        assertThat(pair.get(0).emitMillis()).isEqualTo(original.emitMillis() + 360_000);
        assertThat(pair.get(1).emitMillis()).isEqualTo(original.emitMillis() + 361_000);
    }

    @Test
    void givenAnImplausibleGlitch_whenPlayed_thenExactlyOneReadingIsOutOfRange() {
        List<Emission> all = play(scenario("implausible: [{device: patch, atHour: 0.5}]"));
        List<Rec> temps = senml(all, DeviceKind.PATCH).stream().flatMap(e -> e.pack().records().stream())
                .filter(r -> r.name().equals("temp")).toList();
        assertThat(temps.stream().filter(r -> r.value() > 45)).hasSize(1);
    }

    @Test
    void givenTheSameSeed_whenPlayedTwice_thenTheMessyTraceIsIdentical() {
        Scenario s = scenario("""
                outages: [{device: patch, atHour: 0.5, minutes: 30, order: newest-first}]
                retransmits: {oximeter: 1}
                stepCounter: [oximeter]""");
        assertThat(play(s)).isEqualTo(play(s));
    }

    @Test
    void givenBadDeliveryFaults_whenParsed_thenTheReasonIsNamed() {
        assertThatThrownBy(() -> scenario("outages: [{device: patch, atHour: 1, minutes: 5, order: sideways}]"))
                .hasMessageContaining("order must be oldest-first, newest-first or interleaved");
        assertThatThrownBy(() -> scenario("stepCounter: [toaster]")).hasMessageContaining("unknown device kind");
        assertThatThrownBy(() -> scenario("retransmits: {patch: 50}")).hasMessageContaining("retransmits must be 0..10");
        assertThatThrownBy(() -> scenario("bufferedBp: [{atHour: 1, repeatMinutes: 5, arriveMinutes: 2}]"))
                .hasMessageContaining("repeatMinutes <= arriveMinutes");
        assertThatThrownBy(() -> scenario("reorder: 3")).hasMessageContaining("reorder");
    }
}
