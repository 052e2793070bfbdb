package org.homeward.gateway.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.ingest.senml.Packs.RECEIVED;
import static org.homeward.gateway.ingest.senml.Packs.decode;
import static org.homeward.gateway.ingest.senml.Packs.rejected;
import static org.homeward.gateway.ingest.senml.Packs.single;

import java.time.Duration;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.ingest.RecordRejection.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 8428 §4.5.3 times: bt + t seconds, relative below 2^28, absolute above; skew, age and lateness. */
@Timeout(10)
class SenmlTimeTest {
    private static final String TEMP = "'n':'temp','u':'Cel','v':37";

    @Test
    void noTimeMeansNow() {
        Reading r = single("[{" + TEMP + "}]");
        assertThat(r.measuredAtMillis()).isEqualTo(RECEIVED);
        assertThat(r.late()).isFalse();
    }

    @Test
    void relativeTimesAreOffsetsFromTheReceiveTimeNegativeMeaningThePast() {
        PackResult r = decode("[{'bt':-60," + TEMP + "},{" + TEMP + ",'t':30},{" + TEMP + ",'t':59.5}]");
        assertThat(r.readings()).extracting(Reading::measuredAtMillis)
                .containsExactly(RECEIVED - 60_000, RECEIVED - 30_000, RECEIVED - 500);
    }

    @Test
    void theBoundaryBetweenRelativeAndAbsoluteIsTwoToThe28() {
        assertThat(rejected("[{" + TEMP + ",'t':268435455}]").reason()).isEqualTo(Reason.BAD_TIME);
        RecordRejection absolute = rejected("[{" + TEMP + ",'t':268435456}]");
        assertThat(absolute.reason()).isEqualTo(Reason.BAD_TIME);
        assertThat(absolute.detail()).contains("1978-07-04T21:24:16Z").contains("maximum age");
    }

    @Test
    void absoluteTimeIsBasePlusOffsetInSeconds() {
        Reading r = single("[{'bt':1751328930," + TEMP + ",'t':2.25}]");
        assertThat(r.measuredAtMillis()).isEqualTo(1_751_328_932_250L);
    }

    @Test
    void aTimeFurtherAheadThanTheFutureSkewIsBad() {
        assertThat(single("[{" + TEMP + ",'t':300}]").measuredAtMillis()).isEqualTo(RECEIVED + 300_000);
        RecordRejection rej = rejected("[{" + TEMP + ",'t':301}]");
        assertThat(rej.reason()).isEqualTo(Reason.BAD_TIME);
        assertThat(rej.detail()).isEqualTo(
                "temp time 301.0 s (relative) is 301 s ahead of the receive time; allowed future skew 300 s");
        assertThat(rejected("[{'bt':1751329600," + TEMP + "}]").detail())
                .isEqualTo("temp time 2025-07-01T00:26:40Z is 660 s ahead of the receive time; allowed future skew 300 s");
    }

    @Test
    void readingsOlderThanLateAfterAreMarkedLate() {
        PackResult r = decode("[{" + TEMP + ",'t':-120},{" + TEMP + ",'t':-120.001},{'bt':1751320000," + TEMP + "}]");
        assertThat(r.readings()).extracting(Reading::late).containsExactly(false, true, true);
    }

    @Test
    void readingsOlderThanTheMaximumAgeAreBad() {
        assertThat(single("[{" + TEMP + ",'t':-2592000}]").late()).isTrue();
        assertThat(rejected("[{" + TEMP + ",'t':-2592001}]").detail())
                .isEqualTo("temp time -2592001.0 s (relative) is more than 2592000 s before the receive time (maximum age)");
        assertThat(rejected("[{" + TEMP + ",'t':-1e300}]").reason()).isEqualTo(Reason.BAD_TIME);
        assertThat(rejected("[{" + TEMP + ",'t':1e300}]").reason()).isEqualTo(Reason.BAD_TIME);
    }

    @Test
    void skewAndLatenessAreSettings() {
        SenmlPackDecoder strict = new SenmlPackDecoder(new SenmlSettings(65_536, 512, Duration.ZERO,
                Duration.ofDays(1), Duration.ofSeconds(10), Duration.ofSeconds(1), 0.6, 0.2, 70, 10));
        PackResult r = Packs.decode(strict, "[{" + TEMP + ",'t':1},{" + TEMP + ",'t':-11},{" + TEMP + ",'t':-9}]");
        assertThat(r.rejections()).extracting(RecordRejection::index, RecordRejection::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, Reason.BAD_TIME));
        assertThat(r.readings()).extracting(Reading::late).containsExactly(true, false);
    }
}
