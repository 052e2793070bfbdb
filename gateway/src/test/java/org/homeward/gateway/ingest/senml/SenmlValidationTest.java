package org.homeward.gateway.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.homeward.gateway.ingest.senml.Packs.decode;
import static org.homeward.gateway.ingest.senml.Packs.reading;
import static org.homeward.gateway.ingest.senml.Packs.rejected;
import static org.homeward.gateway.ingest.senml.Packs.single;

import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.ingest.RecordRejection.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Clinical-spec §4.1 layers 1–2: hard plausibility, SpO2 and perfusion quality gates, BP consistency. */
@Timeout(10)
class SenmlValidationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "temp | Cel      | 52.0  | temp 52.0 Cel outside 25.0..45.0 °C",
            "temp | Cel      | 24.9  | temp 24.9 Cel outside 25.0..45.0 °C",
            "temp | K        | 330   | temp 330.0 K (= 56.85 °C) outside 25.0..45.0 °C",
            "spo2 | /        | 1.01  | spo2 1.01 / (= 101.0 %) outside 50.0..100.0 %; unit '/' is a ratio 0..1 (0.95 = 95 %)",
            "spo2 | /        | 0.45  | spo2 0.45 / (= 45.0 %) outside 50.0..100.0 %",
            "hr   | 1/s      | 5.1   | hr 5.1 1/s (= 306.0 /min) outside 20.0..300.0 /min",
            "hr   | beat/min | 19    | hr 19.0 beat/min outside 20.0..300.0 /min",
            "rr   | 1/min    | 71    | rr 71.0 1/min outside 3.0..70.0 /min",
            "sbp  | mmHg     | 301   | sbp 301.0 mmHg outside 50.0..300.0 mmHg",
            "dbp  | Pa       | 2000  | dbp 2000.0 Pa (= 15.001232 mmHg) outside 20.0..200.0 mmHg",
            "weight | kg     | 251   | weight 251.0 kg outside 20.0..250.0 kg"})
    void valuesOutsideTheHardPlausibilityWindowAreRejectedWithAPreciseDetail(String n, String u, double v, String detail) {
        RecordRejection rej = rejected("[{'n':'" + n + "','u':'" + u + "','v':" + v + "}]");
        assertThat(rej.reason()).isEqualTo(Reason.IMPLAUSIBLE_VALUE);
        assertThat(rej.detail()).isEqualTo(detail);
    }

    @Test
    void windowEdgesAreInclusive() {
        PackResult r = decode("[{'n':'temp','u':'Cel','v':25.0},{'n':'temp','u':'Cel','v':45.0},"
                + "{'n':'spo2','u':'/','v':1.0},{'n':'spo2','u':'/','v':0.5}]");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.readings()).hasSize(4);
    }

    @Test
    void nonFiniteValuesAreImplausible() {
        assertThat(rejected("[{'n':'temp','u':'Cel','v':1e999}]").detail()).isEqualTo("temp value is not a finite number");
    }

    @Test
    void spo2BelowSeventyIsAcceptedButLowConfidence() {
        PackResult r = decode("[{'n':'spo2','u':'/','v':0.69},{'n':'spo2','u':'/','v':0.70,'t':-1}]");
        assertThat(r.readings()).extracting(Reading::value, Reading::quality)
                .containsExactly(tuple(69.0, Quality.LOW_CONFIDENCE), tuple(70.0, Quality.OK));
    }

    @Test
    void lowPerfusionMarksSpo2AndHrOfTheSameTimeLowConfidence() {
        PackResult r = decode("[{'bt':-10,'n':'spo2','u':'/','v':0.95},{'n':'hr','u':'1/s','v':1.2},"
                + "{'n':'pi','u':'/','v':0.005},{'n':'temp','u':'Cel','v':37}]");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.readings()).extracting(Reading::vital, Reading::quality).containsExactly(
                tuple(Vital.SPO2, Quality.LOW_CONFIDENCE), tuple(Vital.HR, Quality.LOW_CONFIDENCE),
                tuple(Vital.PI, Quality.OK), tuple(Vital.TEMP, Quality.OK));
    }

    @Test
    void perfusionAtTheThresholdIsFine() {
        PackResult r = decode("[{'n':'spo2','u':'/','v':0.95},{'n':'pi','u':'/','v':0.006}]");
        assertThat(reading(r, Vital.SPO2).quality()).isEqualTo(Quality.OK);
    }

    @Test
    void veryLowPerfusionRejectsSpo2AndKeepsHrAsLowConfidence() {
        PackResult r = decode("[{'n':'spo2','u':'/','v':0.93},{'n':'pr','u':'1/s','v':1.5},{'n':'pi','u':'/','v':0.0015}]");
        assertThat(r.readings()).extracting(Reading::vital, Reading::quality).containsExactly(
                tuple(Vital.HR, Quality.LOW_CONFIDENCE), tuple(Vital.PI, Quality.OK));
        assertThat(r.rejections()).singleElement().satisfies(rej -> {
            assertThat(rej.index()).isZero();
            assertThat(rej.reason()).isEqualTo(Reason.INCONSISTENT);
            assertThat(rej.detail()).isEqualTo("spo2 93.0 % rejected: perfusion index 0.15 % at the same time is"
                    + " below 0.2 % (signal unusable, reposition the sensor)");
        });
    }

    @Test
    void perfusionOnlyAffectsReadingsWithinThePairingWindow() {
        PackResult r = decode("[{'n':'spo2','u':'/','v':0.95,'t':-30},{'n':'spo2','u':'/','v':0.94,'t':-1},"
                + "{'n':'pi','u':'/','v':0.001,'t':-30},{'n':'pi','u':'/','v':0.03,'t':-1}]");
        assertThat(r.rejections()).extracting(RecordRejection::index).containsExactly(0);
        assertThat(reading(r, Vital.SPO2).quality()).isEqualTo(Quality.OK);
    }

    @Test
    void systolicNotAboveDiastolicRejectsBoth() {
        PackResult r = decode("[{'n':'sbp','u':'mmHg','v':80},{'n':'dbp','u':'mmHg','v':85},{'n':'hr','u':'beat/min','v':70}]");
        assertThat(r.readings()).extracting(Reading::vital).containsExactly(Vital.HR);
        assertThat(r.rejections()).extracting(RecordRejection::index, RecordRejection::reason, RecordRejection::detail)
                .containsExactly(tuple(0, Reason.INCONSISTENT, "sbp 80.0 mmHg <= dbp 85.0 mmHg at the same time"),
                        tuple(1, Reason.INCONSISTENT, "sbp 80.0 mmHg <= dbp 85.0 mmHg at the same time"));
    }

    @Test
    void pulsePressureBelowTenRejectsBoth() {
        PackResult r = decode("[{'n':'sbp','u':'Pa','v':13065.59397},{'n':'dbp','u':'mmHg','v':90}]");
        assertThat(r.readings()).isEmpty();
        assertThat(r.rejections()).extracting(RecordRejection::detail).containsOnly(
                "pulse pressure 8.0 mmHg (sbp 98.0 - dbp 90.0) is below 10.0 mmHg");
        assertThat(decode("[{'n':'sbp','u':'mmHg','v':100},{'n':'dbp','u':'mmHg','v':90}]").readings()).hasSize(2);
    }

    @Test
    void bloodPressuresAtDifferentTimesAreNotPaired() {
        PackResult r = decode("[{'n':'sbp','u':'mmHg','v':80,'t':-120},{'n':'dbp','u':'mmHg','v':85}]");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.readings()).hasSize(2);
    }

    @Test
    void eachSystolicPairsWithItsOwnDiastolic() {
        PackResult r = decode("[{'bt':-600,'n':'sbp','u':'mmHg','v':120},{'n':'dbp','u':'mmHg','v':80},"
                + "{'bt':-300,'n':'sbp','u':'mmHg','v':85},{'n':'dbp','u':'mmHg','v':82}]");
        assertThat(r.readings()).extracting(Reading::value).containsExactly(120.0, 80.0);
        assertThat(r.rejections()).extracting(RecordRejection::index).containsExactly(2, 3);
    }

    @Test
    void validRecordsOfAPackAreKeptNextToRejectedOnes() {
        PackResult r = decode("[{'n':'temp','u':'Cel','v':52},{'n':'temp','u':'Cel','v':38.4},{'n':'foo','v':1}]");
        assertThat(r.readings()).singleElement().extracting(Reading::value).isEqualTo(38.4);
        assertThat(r.rejections()).extracting(RecordRejection::reason)
                .containsExactly(Reason.IMPLAUSIBLE_VALUE, Reason.UNKNOWN_NAME);
    }

    @Test
    void anImplausibleSystolicDoesNotTakePartInPairing() {
        PackResult r = decode("[{'n':'sbp','u':'mmHg','v':40},{'n':'dbp','u':'mmHg','v':45}]");
        assertThat(r.readings()).extracting(Reading::vital).containsExactly(Vital.DBP);
        assertThat(r.rejections()).extracting(RecordRejection::reason).containsExactly(Reason.IMPLAUSIBLE_VALUE);
    }

    @Test
    void spo2ExactlyAtTheGateThresholdStaysOk() {
        assertThat(single("[{'n':'spo2','u':'/100','v':70,'bver':26}]").quality()).isEqualTo(Quality.OK);
    }
}
