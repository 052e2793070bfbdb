package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.homeward.gateway.clinical.Fixture.MIN;
import static org.homeward.gateway.clinical.Fixture.OXI;
import static org.homeward.gateway.clinical.Fixture.PATCH;
import static org.homeward.gateway.clinical.Fixture.PATIENT;
import static org.homeward.gateway.clinical.Fixture.S;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.SenmlUnits;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.ingest.senml.PackResult;
import org.homeward.gateway.processing.PackOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Units decide meaning and per-record context applies by time (docs/senml.md "Units", docs/clinical.md
 * "Motion" and "Off-body"): SenML packs go through the real decoder, the shard's context-first order and the
 * real rules. Both cases failed before the units table carried a quantity and wear became a timeline.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnitsAndContextTest {
    private static PackResult feed(Fixture f, String device, String json) {
        PackResult pack = SenmlInput.decode(f, device, json);
        for (Reading r : PackOrder.contextFirst(pack.readings())) {
            f.collect(f.monitor.onReading(r, f.now));
        }
        return pack;
    }

    /** A pack opening 21 min ago ({@code head} added to its first record): one temp a minute, 38.3–38.8 °C. */
    private static String bufferedFever(Fixture f, String head, int first) {
        StringBuilder pack = new StringBuilder("[{\"bt\":" + secs(f.now - 21 * MIN) + ",\"bu\":\"Cel\"" + head + "}");
        for (int i = first; i <= 20; i++) {
            pack.append(",{\"n\":\"temp\",\"t\":").append(i * 60).append(",\"v\":").append(38.3 + (i % 6) * 0.1)
                    .append('}');
        }
        return pack.toString();
    }

    private static String secs(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    @Test
    void givenAStepCounterInTheOximeterPackWhenSpo2Is86ForThreeMinutesThenHypoxaemiaIsRaised() {
        Fixture f = new Fixture();
        long steps = 1_200;
        for (long t = 0; t <= 4 * MIN; t += 15 * S) {
            steps += 7;
            PackResult pack = feed(f, OXI, "[{\"bt\":" + secs(f.now) + ",\"n\":\"act\",\"u\":\"count\",\"v\":" + steps
                    + "},{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.86}]");
            assertThat(pack.rejections()).as("a cumulative step count is a plausible count").isEmpty();
            f.advance(15 * S);
        }
        assertThat(f.open(Rules.HYPOXAEMIA)).as("a step count is no motion: SpO2 86 %% is trusted").isPresent();
        assertThat(f.monitor.news2(f.now).parts()).containsKey("spo2");
    }

    @Test
    void givenAnAccelerationAboveTheMotionLevelWhenSpo2Is86ThenItIsHeldAsArtefact() {
        Fixture f = new Fixture();
        for (long t = 0; t <= 4 * MIN; t += 15 * S) {
            feed(f, OXI, "[{\"bt\":" + secs(f.now) + ",\"n\":\"act\",\"u\":\"m/s2\",\"v\":3.0},"
                    + "{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.86}]");
            f.advance(15 * S);
        }
        assertThat(f.open(Rules.HYPOXAEMIA)).as("the motion gate still holds real motion").isEmpty();
    }

    @Test
    void theUnitsTableSaysWhatEachPairMeasures() {
        Reading steps = new Reading(OXI, PATIENT, Vital.ACT, 5, 0, 0, Quality.OK,
                "count", false);
        assertThat(SenmlUnits.quantity(steps)).isEqualTo(SenmlUnits.Quantity.EVENT_COUNT);
        assertThat(SenmlUnits.displayUnit(steps)).isEqualTo("count");
        Reading accel = new Reading(OXI, PATIENT, Vital.ACT, 5, 0, 0, Quality.OK,
                "m/s2", false);
        assertThat(SenmlUnits.quantity(accel)).isEqualTo(SenmlUnits.Quantity.ACCELERATION);
        assertThat(SenmlUnits.displayUnit(accel)).isEqualTo("m/s²");
    }

    @Test
    void givenAPackOfFeverWhileWornWhenItEndsWithAnOffBodyRecordThenTheFeverIsRaised() {
        Fixture f = new Fixture();
        f.advance(25 * MIN);
        String pack = bufferedFever(f, "", 0) + ",{\"n\":\"wear\",\"t\":" + 21 * 60 + ",\"vb\":false}]";
        PackResult decoded = feed(f, PATCH, pack);
        assertThat(decoded.rejections()).isEmpty();
        f.advance(5 * S);
        assertThat(f.open(Rules.CRS_FEVER)).as("20 min of 38.3–38.8 °C measured while worn").isPresent();
        assertThat(f.open(Rules.OFF_BODY, PATCH)).as("the patch is off now").isPresent();
    }

    @Test
    void givenAnOffBodyRecordWhenLaterTemperaturesArriveThenTheyAreStillHeld() {
        Fixture f = new Fixture();
        f.advance(25 * MIN);
        feed(f, PATCH, bufferedFever(f, ",\"n\":\"wear\",\"vb\":false", 1) + "]");
        f.advance(5 * S);
        assertThat(f.open(Rules.CRS_FEVER)).as("measured after the device said it was off the body").isEmpty();
    }
}
