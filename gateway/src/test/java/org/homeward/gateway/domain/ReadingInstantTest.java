package org.homeward.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which readings processing evaluates together (issue 14): one patient, device, measurement and receive time. */
class ReadingInstantTest {
    private static Reading r(String device, String patient, Vital v, long measured, long received) {
        return new Reading(device, patient, v, 1, measured, received, Quality.OK, v.ucum(), false);
    }

    @Test
    void givenMixedReadingsThenRunsEndWhereAnyOfTheFourDiffers() {
        List<Reading> rs = List.of(
                r("d1", "p1", Vital.ACT, 1_000, 5_000), r("d1", "p1", Vital.SPO2, 1_000, 5_000),
                r("d1", "p1", Vital.HR, 1_000, 5_000), // 0..2: one set
                r("d1", "p1", Vital.HR, 2_000, 5_000), // other measurement time
                r("d2", "p1", Vital.HR, 2_000, 5_000), // other device
                r("d2", "p2", Vital.HR, 2_000, 5_000), // other patient
                r("d2", "p2", Vital.HR, 2_000, 6_000)); // other receive time
        assertThat(Reading.sameInstantEnd(rs, 0)).isEqualTo(3);
        assertThat(Reading.sameInstantEnd(rs, 3)).isEqualTo(4);
        assertThat(Reading.sameInstantEnd(rs, 4)).isEqualTo(5);
        assertThat(Reading.sameInstantEnd(rs, 5)).isEqualTo(6);
        assertThat(Reading.sameInstantEnd(rs, 6)).isEqualTo(7);
        assertThat(Reading.sameInstantEnd(rs, 1)).as("from the middle of a set").isEqualTo(3);
    }
}
