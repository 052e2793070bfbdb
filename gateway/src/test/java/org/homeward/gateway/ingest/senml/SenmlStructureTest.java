package org.homeward.gateway.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.ingest.senml.Packs.decode;
import static org.homeward.gateway.ingest.senml.Packs.failure;
import static org.homeward.gateway.ingest.senml.Packs.malformed;
import static org.homeward.gateway.ingest.senml.Packs.rejected;
import static org.homeward.gateway.ingest.senml.Packs.single;

import java.time.Duration;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.RecordRejection.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8428 structure: pack shape, base fields, names, fields, versions, value kinds, limits. */
@Timeout(10)
class SenmlStructureTest {

    @ParameterizedTest
    @ValueSource(strings = {"{'n':'temp','u':'Cel','v':37}", "'temp'", "42", "null"})
    void topLevelMustBeAnArray(String pack) {
        assertThat(malformed(pack).getMessage()).contains("top level must be an array");
    }

    @Test
    void everyElementMustBeAMap() {
        assertThat(malformed("[{'n':'temp','u':'Cel','v':37}, 5]").getMessage())
                .contains("record 1 must be a map, found a number");
    }

    @Test
    void emptyPayloadAndTrailingDataAreMalformed() {
        assertThat(malformed("").getMessage()).contains("empty payload");
        assertThat(malformed("[] []").getMessage()).contains("after the end of the pack");
        assertThat(malformed("[{'n':'temp','u':'Cel','v':37}").getMessage()).startsWith("malformed_payload: invalid JSON");
    }

    @Test
    void anEmptyPackIsWellFormedButYieldsNothing() {
        PackResult r = decode("[]");
        assertThat(r.readings()).isEmpty();
        assertThat(r.rejections()).isEmpty();
    }

    @Test
    void baseFieldsApplyToFollowingRecordsAndCanBeRedefined() {
        PackResult r = decode("[{'bn':'urn:uuid:a1:','bu':'Cel','bt':1751328930,'n':'temp','v':37.0},"
                + "{'n':'temp','v':37.5,'t':10},"
                + "{'bu':'1/s','bt':1751328935,'n':'hr','v':1.2},"
                + "{'n':'hr','v':1.3,'t':1}]");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.readings()).extracting(Reading::vital, Reading::value, Reading::measuredAtMillis).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Vital.TEMP, 37.0, 1_751_328_930_000L),
                org.assertj.core.groups.Tuple.tuple(Vital.TEMP, 37.5, 1_751_328_940_000L),
                org.assertj.core.groups.Tuple.tuple(Vital.HR, 72.0, 1_751_328_935_000L),
                org.assertj.core.groups.Tuple.tuple(Vital.HR, 78.0, 1_751_328_936_000L));
    }

    @Test
    void baseFieldsWrittenAfterTheNameStillApplyToTheirOwnRecord() {
        Reading r = single("[{'n':'temp','v':37.0,'bu':'Cel','bn':'dev-1/'}]");
        assertThat(r.value()).isEqualTo(37.0);
        assertThat(r.rawUnit()).isEqualTo("Cel");
    }

    @Test
    void baseValueIsAddedToTheValue() {
        PackResult r = decode("[{'bn':'d/','bu':'Cel','bv':36.0,'n':'temp','v':0.5},{'n':'temp','v':1.25}]");
        assertThat(r.readings()).extracting(Reading::value).containsExactly(36.5, 37.25);
    }

    @Test
    void aHeaderRecordWithOnlyBaseFieldsIsNeitherAReadingNorARejection() {
        PackResult r = decode("[{'bn':'urn:uuid:a1:','bt':1751328930,'bver':10},{'n':'temp','u':'Cel','v':37.1}]");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.readings()).singleElement().extracting(Reading::measuredAtMillis).isEqualTo(1_751_328_930_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{'bn':'urn:uuid:2b4f-0c1e:','n':'temp','u':'Cel','v':37}]",
            "[{'bn':'dev-3f8a/','n':'temp','u':'Cel','v':37}]",
            "[{'n':'dev-3f8a/patch/temp','u':'Cel','v':37}]",
            "[{'bn':'urn:uuid:2b4f:temp','u':'Cel','v':37}]",
            "[{'n':'TEMP','u':'Cel','v':37}]"})
    void theRecordNameIsTheSegmentAfterTheBaseNamePrefix(String pack) {
        assertThat(single(pack).vital()).isEqualTo(Vital.TEMP);
    }

    @Test
    void prIsAnAliasOfHr() {
        assertThat(single("[{'n':'pr','u':'beat/min','v':64}]").vital()).isEqualTo(Vital.HR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-temp", "_temp", "te mp", "temp#1", "temp\\u00e9"})
    void namesMustUseRfcCharactersAndStartAlphanumeric(String name) {
        var rej = rejected("[{'n':'" + name + "','u':'Cel','v':37}]");
        assertThat(rej.reason()).isEqualTo(Reason.UNKNOWN_NAME);
        assertThat(rej.detail()).contains("invalid SenML name");
    }

    @Test
    void unknownAndMissingNamesAreRejectedPerRecord() {
        PackResult r = decode("[{'n':'glucose','u':'mmol/l','v':5},{'u':'Cel','v':37},{'n':'temp','u':'Cel','v':37}]");
        assertThat(r.readings()).hasSize(1);
        assertThat(r.rejections()).extracting(x -> x.index() + ":" + x.reason() + ":" + x.detail()).containsExactly(
                "0:UNKNOWN_NAME:unknown record name 'glucose'",
                "1:UNKNOWN_NAME:record has no name (neither bn nor n)");
    }

    @Test
    void unknownFieldsAreIgnoredButMustUnderstandFieldsRefuseThePack() {
        assertThat(single("[{'n':'temp','u':'Cel','v':37,'foo':{'deep':[1,2,{'x':null}]},'bar':'x'}]").value())
                .isEqualTo(37.0);
        assertThat(malformed("[{'n':'temp','u':'Cel','v':37,'crit_':1}]").getMessage())
                .contains("record 0: unknown must-understand field 'crit_'");
    }

    @Test
    void aFieldTwiceOrTwoValueFieldsRefuseThePack() {
        assertThat(malformed("[{'n':'temp','u':'Cel','v':37,'v':38}]").getMessage()).contains("field 'v' appears twice");
        assertThat(malformed("[{'n':'wear','vb':true,'v':1}]").getMessage()).contains("more than one value field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{'n':'temp','u':'Cel','v':'37'}]", "[{'n':5,'u':'Cel','v':37}]",
            "[{'n':'temp','u':'Cel','v':37,'t':'now'}]", "[{'n':'wear','vb':1}]", "[{'n':'temp','u':['Cel'],'v':1}]",
            "[{'bver':10.5,'n':'temp','u':'Cel','v':37}]"})
    void aKnownFieldOfTheWrongTypeRefusesThePack(String pack) {
        assertThat(malformed(pack).getMessage()).contains("must be");
    }

    @Test
    void bverTenAndSecondaryUnitsFeatureAreAcceptedOtherVersionsAreNot() {
        assertThat(single("[{'bver':10,'n':'temp','u':'Cel','v':37}]").value()).isEqualTo(37.0);
        assertThat(single("[{'bver':26,'n':'spo2','u':'/100','v':97}]").value()).isEqualTo(97.0);
        assertThat(malformed("[{'bver':58,'n':'temp','u':'Cel','v':37}]").getMessage()).contains("bver 58");
        assertThat(malformed("[{'bver':11,'n':'temp','u':'Cel','v':37}]").getMessage()).contains("bver 11");
        assertThat(malformed("[{'bver':0,'n':'temp','u':'Cel','v':37}]").getMessage()).contains("bver 0");
    }

    @Test
    void wearAcceptsABooleanOtherVitalsNeedANumber() {
        PackResult r = decode("[{'n':'wear','vb':true},{'n':'wear','vb':false,'t':-1},{'n':'wear','v':1,'u':'/'},"
                + "{'n':'temp','vb':true},{'n':'temp','u':'Cel','vs':'37'},{'n':'act','u':'count','s':120},"
                + "{'n':'temp','u':'Cel','vd':'AQI'},{'n':'wear','v':0.5}]");
        assertThat(r.readings()).extracting(Reading::value).containsExactly(1.0, 0.0, 1.0);
        assertThat(r.rejections()).extracting(x -> x.index() + ":" + x.reason()).containsExactly(
                "3:MISSING_VALUE", "4:MISSING_VALUE", "5:MISSING_VALUE", "6:MISSING_VALUE", "7:IMPLAUSIBLE_VALUE");
        assertThat(r.rejections().get(0).detail()).isEqualTo("temp has only a 'vb' value; a numeric value (v) is required");
        assertThat(r.rejections().get(2).detail()).contains("only a 's' value");
    }

    @Test
    void aRecordWithNothingButANameIsMissingItsValue() {
        assertThat(rejected("[{'n':'temp','u':'Cel'}]").detail()).isEqualTo(
                "temp has no value field; a numeric value (v) is required");
    }

    @Test
    void payloadAndRecordLimitsAreTooLarge() {
        SenmlPackDecoder small = new SenmlPackDecoder(new SenmlSettings(64, 2, Duration.ofMinutes(5),
                Duration.ofDays(30), Duration.ofMinutes(2), Duration.ofSeconds(1), 0.6, 0.2, 70, 10));
        var tooBig = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.homeward.gateway.ingest.IngestException.class,
                () -> Packs.decode(small, "[{'n':'temp','u':'Cel','v':37.0,'foo':'" + "x".repeat(40) + "'}]"));
        assertThat(tooBig.reason()).isEqualTo(FailureReason.PAYLOAD_TOO_LARGE);
        assertThat(tooBig.getMessage()).contains("exceeds the limit of 64 bytes");
        var tooMany = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.homeward.gateway.ingest.IngestException.class,
                () -> Packs.decode(small, "[{'n':'hr','v':1},{'n':'hr','v':1},{'n':'hr','v':1}]"));
        assertThat(tooMany.reason()).isEqualTo(FailureReason.PAYLOAD_TOO_LARGE);
        assertThat(tooMany.getMessage()).contains("more than 2 records");
    }

    @Test
    void defaultLimitsAre512RecordsAnd64KiB() {
        String record = "{'n':'hr','u':'beat/min','v':70},";
        String full = "[" + record.repeat(512);
        assertThat(decode(full.substring(0, full.length() - 1) + "]").readings()).hasSize(512);
        assertThat(failure("[" + record.repeat(512) + record + "{}]").reason()).isEqualTo(FailureReason.PAYLOAD_TOO_LARGE);
        assertThat(failure("[{'n':'temp','u':'Cel','v':37,'x':'" + "y".repeat(65_536) + "'}]").reason())
                .isEqualTo(FailureReason.PAYLOAD_TOO_LARGE);
    }

    @Test
    void deepNestingInAnIgnoredFieldIsMalformedNotAStackOverflow() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        assertThat(malformed("[{'n':'temp','u':'Cel','v':37,'x':" + deep + "}]").getMessage()).contains("invalid JSON");
    }

    @Test
    void devicePatientAndReceiveTimeComeFromTheCallerNeverFromThePayload() {
        Reading r = single("[{'bn':'urn:uuid:someone-else:','n':'temp','u':'Cel','v':37}]");
        assertThat(r.deviceId()).isEqualTo("dev-1");
        assertThat(r.patientId()).isEqualTo("p-1");
        assertThat(r.receivedAtMillis()).isEqualTo(Packs.RECEIVED);
    }
}
