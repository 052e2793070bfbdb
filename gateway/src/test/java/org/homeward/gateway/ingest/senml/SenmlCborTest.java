package org.homeward.gateway.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.ingest.RecordRejection.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SenML CBOR (RFC 8428 §6): integer labels, byte-string data values, the same rules as JSON. */
@Timeout(10)
class SenmlCborTest {

    private static PackResult decodeCbor(byte[] cbor) {
        return Packs.DEFAULT.decode(PayloadFormat.SENML_CBOR, cbor, "dev-1", "p-1", Packs.RECEIVED);
    }

    private static PackResult viaCbor(String jsonPack) {
        return decodeCbor(SenmlCborWriter.fromJson(Packs.json(jsonPack)));
    }

    @Test
    void integerLabelsDecodeLikeTheirJsonNames() {
        PackResult r = viaCbor("[{'bn':'urn:uuid:a1:','bt':1751328930,'bver':10,'bu':'Cel','n':'temp','v':38.3,'ut':120},"
                + "{'n':'spo2','u':'/','v':0.93,'t':2},{'n':'pr','u':'1/s','v':1.85,'t':2},{'n':'wear','vb':true}]");
        assertThat(r.rejections()).isEmpty();
        assertThat(r.readings()).extracting(Reading::vital, Reading::value, Reading::measuredAtMillis).containsExactly(
                tuple(Vital.TEMP, 38.3, 1_751_328_930_000L), tuple(Vital.SPO2, 93.0, 1_751_328_932_000L),
                tuple(Vital.HR, 111.0, 1_751_328_932_000L), tuple(Vital.WEAR, 1.0, 1_751_328_930_000L));
    }

    @Test
    void handEncodedBytesFollowRfc8428Section6() {
        // [{-2: "d/", 0: "temp", 1: "Cel", 2: 37.5}] written byte by byte, independent of any encoder.
        byte[] pack = HexFormat.of().parseHex("81a4" + "21" + "62642f" + "00" + "6474656d70" + "01" + "6343656c"
                + "02" + "f950b0");
        PackResult r = decodeCbor(pack);
        assertThat(r.readings()).singleElement().satisfies(x -> {
            assertThat(x.vital()).isEqualTo(Vital.TEMP);
            assertThat(x.value()).isEqualTo(37.5);
        });
    }

    @Test
    void aByteStringDataValueIsNotANumber() {
        PackResult r = viaCbor("[{'n':'temp','u':'Cel','vd':'AQID'}]");
        assertThat(r.rejections()).extracting(x -> x.reason()).containsExactly(Reason.MISSING_VALUE);
    }

    @Test
    void nonFiniteFloatsAreImplausibleNotACrash() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldId(0);
            g.writeString("temp");
            g.writeFieldId(1);
            g.writeString("Cel");
            g.writeFieldId(2);
            g.writeNumber(Double.NaN);
            g.writeEndObject();
            g.writeStartObject();
            g.writeFieldId(0);
            g.writeString("temp");
            g.writeFieldId(1);
            g.writeString("Cel");
            g.writeFieldId(2);
            g.writeNumber(37.0);
            g.writeFieldId(6);
            g.writeNumber(Double.POSITIVE_INFINITY);
            g.writeEndObject();
            g.writeEndArray();
        }
        PackResult r = decodeCbor(out.toByteArray());
        assertThat(r.rejections()).extracting(x -> x.reason())
                .containsExactly(Reason.IMPLAUSIBLE_VALUE, Reason.BAD_TIME);
    }

    @Test
    void mustUnderstandFieldsAndStructureAreEnforcedInCborToo() {
        IngestException e = catchThrowableOfType(IngestException.class,
                () -> viaCbor("[{'n':'temp','u':'Cel','v':37,'crit_':true}]"));
        assertThat(e.reason()).isEqualTo(FailureReason.MALFORMED_PAYLOAD);
        IngestException notArray = catchThrowableOfType(IngestException.class,
                () -> decodeCbor(HexFormat.of().parseHex("a10064746d6570")));
        assertThat(notArray.getMessage()).contains("top level must be an array");
        IngestException truncated = catchThrowableOfType(IngestException.class,
                () -> decodeCbor(HexFormat.of().parseHex("82a100")));
        assertThat(truncated.reason()).isEqualTo(FailureReason.MALFORMED_PAYLOAD);
    }

    @Test
    void jsonIsNotCborAndCborIsNotJson() {
        IngestException e = catchThrowableOfType(IngestException.class,
                () -> decodeCbor(Packs.json("[{'n':'temp','u':'Cel','v':37}]")));
        assertThat(e.reason()).isEqualTo(FailureReason.MALFORMED_PAYLOAD);
        byte[] cbor = SenmlCborWriter.fromJson(Packs.json("[{'n':'temp','u':'Cel','v':37}]"));
        IngestException j = catchThrowableOfType(IngestException.class,
                () -> Packs.DEFAULT.decode(PayloadFormat.SENML_JSON, cbor, "d", "p", Packs.RECEIVED));
        assertThat(j.reason()).isEqualTo(FailureReason.MALFORMED_PAYLOAD);
    }
}
