package org.homeward.gateway.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.homeward.gateway.ingest.senml.Packs.decode;
import static org.homeward.gateway.ingest.senml.Packs.rejected;

import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.ingest.RecordRejection.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unit allow-list and conversions to °C, %, /min, mmHg, kg, dBm, with exact numbers (clinical-spec §3.5). */
@Timeout(10)
class SenmlUnitsTest {

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "temp   | Cel      | 38.3        | 38.3",
            "temp   | K        | 310.15      | 37.0",
            "temp   | K        | 311.45      | 38.3",
            "spo2   | /        | 0.93        | 93.0",
            "spo2   | /        | 0.955       | 95.5",
            "spo2   | %        | 0.97        | 97.0",
            "hr     | 1/s      | 1.2         | 72.0",
            "hr     | 1/s      | 1.85        | 111.0",
            "hr     | beat/min | 64          | 64.0",
            "hr     | 1/min    | 64          | 64.0",
            "pr     | 1/s      | 1.0         | 60.0",
            "rr     | 1/s      | 0.25        | 15.0",
            "rr     | 1/min    | 18          | 18.0",
            "rr     | beat/min | 18          | 18.0",
            "sbp    | Pa       | 15998.686   | 119.999996",
            "sbp    | Pa       | 16000       | 120.009852",
            "dbp    | Pa       | 10665.79099 | 80.0",
            "sbp    | mmHg     | 118         | 118.0",
            "weight | kg       | 72.4        | 72.4",
            "weight | g        | 72400       | 72.4",
            "pi     | /        | 0.012       | 1.2",
            "pi     | %        | 0.012       | 1.2",
            "bat    | %EL      | 64          | 64.0",
            "bat    | /        | 0.64        | 64.0",
            "act    | m/s2     | 1.7         | 1.7",
            "act    | count    | 42          | 42.0",
            "rssi   | dBW      | -100        | -70.0",
            "wear   | /        | 1           | 1.0"})
    void primaryAndToleratedUnitsConvertToTheCanonicalUnit(String name, String unit, double raw, double canonical) {
        Reading r = Packs.single("[{'n':'" + name + "','u':'" + unit + "','v':" + raw + "}]");
        assertThat(r.value()).isCloseTo(canonical, within(1e-9));
        assertThat(r.rawUnit()).isEqualTo(unit);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "spo2 | /100 | 97    | 97.0",
            "pi   | /100 | 1.2   | 1.2",
            "bat  | /100 | 64    | 64.0",
            "sbp  | hPa  | 160   | 120.009852",
            "dbp  | kPa  | 10.67 | 80.031570",
            "rssi | dBm  | -70   | -70.0"})
    void secondaryUnitsConvertAndWarnOnlyWithoutBver26(String name, String unit, double raw, double canonical) {
        String record = "'n':'" + name + "','u':'" + unit + "','v':" + raw;
        PackResult without = decode("[{" + record + "}]");
        assertThat(without.readings()).singleElement().extracting(Reading::value).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.DOUBLE).isCloseTo(canonical, within(1e-9));
        assertThat(without.warnings()).containsExactly(name + ": unit " + unit
                + " is an RFC 8798 secondary unit but bver is not 26 (RFC 9100 feature bit 4); accepted");
        PackResult with = decode("[{'bver':26," + record + "}]");
        assertThat(with.readings()).hasSize(1);
        assertThat(with.warnings()).isEmpty();
    }

    @Test
    void pascalToMmHgUsesTheExactConventionalFactor() {
        Reading r = Packs.single("[{'n':'sbp','u':'Pa','v':13332.2387415}]");
        assertThat(r.value()).isEqualTo(100.0);
    }

    @Test
    void mmHgIsAcceptedWithAWarningBecauseSenmlHasNoSuchUnit() {
        PackResult r = decode("[{'n':'sbp','u':'mmHg','v':118},{'n':'dbp','u':'mmHg','v':76}]");
        assertThat(r.readings()).extracting(Reading::value).containsExactly(118.0, 76.0);
        assertThat(r.warnings()).containsExactly(
                "sbp: unit mmHg is not a SenML unit (send Pa); accepted as mmHg",
                "dbp: unit mmHg is not a SenML unit (send Pa); accepted as mmHg");
    }

    @Test
    void aRejectedRecordLeavesNoUnitWarning() {
        PackResult r = decode("[{'n':'sbp','u':'mmHg','v':400}]");
        assertThat(r.rejections()).hasSize(1);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void gramsAreConvertedWithANotRecommendedWarning() {
        assertThat(decode("[{'n':'weight','u':'g','v':70500}]").warnings()).containsExactly(
                "weight: unit g is NOT RECOMMENDED in SenML (send kg); converted");
    }

    @Test
    void percentTrapAPercentageSentWithTheSenmlPercentUnitIsRefused() {
        RecordRejection rej = rejected("[{'n':'spo2','u':'%','v':95}]");
        assertThat(rej.reason()).isEqualTo(Reason.IMPLAUSIBLE_VALUE);
        assertThat(rej.detail()).isEqualTo("spo2 95.0 with unit '%' refused: in SenML '%' is the deprecated alias"
                + " of the ratio '/' (0..1), NOT a percentage (RFC 8428 Note 2); send 0.95 with u '/',"
                + " or 95.0 with u '/100' and bver 26");
    }

    @Test
    void percentTrapARatioWithThePercentUnitIsReadAsARatioWithAWarning() {
        PackResult r = decode("[{'n':'spo2','u':'%','v':0.96}]");
        assertThat(r.readings()).singleElement().extracting(Reading::value).isEqualTo(96.0);
        assertThat(r.warnings()).containsExactly(
                "spo2: unit % is the deprecated SenML alias of '/' (ratio 0..1); read as a ratio");
    }

    @Test
    void percentTrapAppliesToBatteryAndPerfusionToo() {
        assertThat(rejected("[{'n':'bat','u':'%','v':64}]").reason()).isEqualTo(Reason.IMPLAUSIBLE_VALUE);
        assertThat(rejected("[{'n':'pi','u':'%','v':3.5}]").detail()).contains("NOT a percentage");
    }

    @Test
    void aPercentageSentWithTheRatioUnitIsImplausibleWithAHint() {
        RecordRejection rej = rejected("[{'n':'spo2','u':'/','v':95}]");
        assertThat(rej.reason()).isEqualTo(Reason.IMPLAUSIBLE_VALUE);
        assertThat(rej.detail()).isEqualTo(
                "spo2 95.0 / (= 9500.0 %) outside 50.0..100.0 %; unit '/' is a ratio 0..1 (0.95 = 95 %)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "temp   | degF     | temp unit 'degF' is not accepted; accepted: Cel, K (SenML has no Fahrenheit unit: send Cel)",
            "temp   | [degF]   | temp unit '[degF]' is not accepted; accepted: Cel, K (SenML has no Fahrenheit unit: send Cel)",
            "temp   | cel      | temp unit 'cel' is not accepted; accepted: Cel, K",
            "spo2   | percent  | spo2 unit 'percent' is not accepted; accepted: /, %, /100",
            "hr     | bpm      | hr unit 'bpm' is not accepted; accepted: 1/s, beat/min, 1/min",
            "hr     | /min     | hr unit '/min' is not accepted; accepted: 1/s, beat/min, 1/min",
            "sbp    | mm[Hg]   | sbp unit 'mm[Hg]' is not accepted; accepted: Pa, hPa, kPa, mmHg",
            "weight | lb       | weight unit 'lb' is not accepted; accepted: kg, g",
            "bat    | EL       | bat unit 'EL' is not accepted; accepted: %EL, /, %, /100",
            "wear   | Cel      | wear unit 'Cel' is not accepted (send vb, or v 0/1 without unit or with '/')"})
    void unitsOutsideTheAllowListAreUnknown(String name, String unit, String detail) {
        RecordRejection rej = rejected("[{'n':'" + name + "','u':'" + unit + "','v':1}]");
        assertThat(rej.reason()).isEqualTo(Reason.UNKNOWN_UNIT);
        assertThat(rej.detail()).isEqualTo(detail);
    }

    @Test
    void aMissingUnitFallsBackToTheBaseUnitAndIsUnknownWithoutOne() {
        assertThat(Packs.single("[{'bu':'Cel','n':'temp','v':37.2}]").rawUnit()).isEqualTo("Cel");
        RecordRejection rej = rejected("[{'n':'temp','v':37.2}]");
        assertThat(rej.reason()).isEqualTo(Reason.UNKNOWN_UNIT);
        assertThat(rej.detail()).isEqualTo("temp has no unit (neither u nor bu); accepted: Cel, K");
        assertThat(Packs.single("[{'n':'wear','v':0}]").vital()).isEqualTo(Vital.WEAR);
    }

    @Test
    void aRecordUnitOverridesTheBaseUnit() {
        PackResult r = decode("[{'bu':'Cel','n':'temp','v':37.2},{'n':'hr','u':'1/s','v':1.5},{'n':'temp','v':37.4}]");
        assertThat(r.readings()).extracting(Reading::value).containsExactly(37.2, 90.0, 37.4);
    }
}
