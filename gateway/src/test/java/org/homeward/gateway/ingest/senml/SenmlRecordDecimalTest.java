package org.homeward.gateway.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sample identity is journaled: its numbers must stay exactly Double.toString's. */
class SenmlRecordDecimalTest {
    @Test
    void decimalIsExactlyDoubleToStringForEdgesAndRandomValues() {
        double[] edges = {0.0, -0.0, 1.0, -1.0, 42.0, 9_999_999.0, 1e7, -1e7, 1e7 + 1, 0.001, 0.0009, 0.97, 36.8,
            1_751_328_939.123, 1_751_328_939.0, -273.15, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, Long.MAX_VALUE, 4.5e15, 9.007199254740993e15};
        for (double d : edges) {
            assertThat(SenmlRecord.decimal(d)).as("%s", d).isEqualTo(Double.toString(d));
            assertThat(SenmlRecord.decimal(d)).as("again %s", d).isEqualTo(Double.toString(d));
        }
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> (double) random.nextLong(-20_000_000L, 20_000_000L);
                case 2 -> random.nextDouble(-1e4, 1e4);
                default -> Math.round(random.nextDouble(1.6e9, 1.9e9) * 1000) / 1000.0;
            };
            assertThat(SenmlRecord.decimal(d)).as("%s", d).isEqualTo(Double.toString(d));
        }
    }

    @Test
    void theSampleKeyOfARefusedRecordIsUnchanged() {
        SenmlRecord r = new SenmlRecord(3, "urn:dev:x:seq", null, SenmlRecord.Kind.NUMBER, 42, false, 1_751_328_939.123, 10);
        assertThat(r.sampleKey()).isEqualTo("urn:dev:x:seq@1.751328939123E9=42.0");
        SenmlRecord pad = new SenmlRecord(4, "urn:dev:x:pad", null, SenmlRecord.Kind.STRING, Double.NaN, false,
                1_751_328_939.123, 10);
        assertThat(pad.sampleKey()).isEqualTo("urn:dev:x:pad@1.751328939123E9=vs");
    }
}
