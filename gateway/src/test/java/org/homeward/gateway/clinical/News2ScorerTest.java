package org.homeward.gateway.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden NEWS2 band edges (clinical-spec §2.1, SpO2 Scale 1 and 2), each edge from both sides. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class News2ScorerTest {

    @ParameterizedTest(name = "RR {0} scores {1}")
    @CsvSource({"3,3", "8,3", "9,1", "11,1", "12,0", "20,0", "21,2", "24,2", "25,3", "60,3", "8.4,3", "8.5,1",
            "20.4,0", "20.5,2", "24.5,3"})
    void respiration(double rr, int score) {
        assertThat(News2Scorer.respiration(rr)).isEqualTo(score);
    }

    @ParameterizedTest(name = "SpO2 {0} scores {1}")
    @CsvSource({"50,3", "91,3", "92,2", "93,2", "94,1", "95,1", "96,0", "100,0", "91.4,3", "91.5,2", "95.5,0"})
    void spo2Scale1(double spo2, int score) {
        assertThat(News2Scorer.spo2Scale1(spo2)).isEqualTo(score);
    }

    @ParameterizedTest(name = "Scale 2: SpO2 {0} on oxygen={1} scores {2}")
    @CsvSource({"50,false,3", "83,false,3", "83,true,3", "84,false,2", "85,true,2", "86,false,1", "87,true,1",
            "88,false,0", "88,true,0", "92,true,0", "92,false,0", "93,false,0", "100,false,0", "93,true,1",
            "94,true,1", "95,true,2", "96,true,2", "97,true,3", "100,true,3", "83.4,false,3", "83.5,false,2",
            "87.5,false,0", "92.4,true,0", "92.5,true,1", "96.5,true,3", "96.5,false,0"})
    void spo2Scale2(double spo2, boolean onOxygen, int score) {
        assertThat(News2Scorer.spo2Scale2(spo2, onOxygen)).isEqualTo(score);
    }

    @ParameterizedTest(name = "SBP {0} scores {1}")
    @CsvSource({"50,3", "90,3", "91,2", "100,2", "101,1", "110,1", "111,0", "219,0", "220,3", "300,3", "90.4,3",
            "90.5,2", "219.5,3"})
    void systolic(double sbp, int score) {
        assertThat(News2Scorer.systolic(sbp)).isEqualTo(score);
    }

    @ParameterizedTest(name = "pulse {0} scores {1}")
    @CsvSource({"20,3", "40,3", "41,1", "50,1", "51,0", "90,0", "91,1", "110,1", "111,2", "130,2", "131,3",
            "250,3", "40.5,1", "130.4,2", "130.5,3"})
    void pulse(double hr, int score) {
        assertThat(News2Scorer.pulse(hr)).isEqualTo(score);
    }

    @ParameterizedTest(name = "temp {0} scores {1}")
    @CsvSource({"30.0,3", "35.0,3", "35.1,1", "36.0,1", "36.1,0", "38.0,0", "38.1,1", "39.0,1", "39.1,2",
            "42.0,2", "35.04,3", "35.05,1", "36.04,1", "36.05,0", "38.04,0", "38.05,1", "39.04,1", "39.05,2"})
    void temperature(double celsius, int score) {
        assertThat(News2Scorer.temperature(celsius)).isEqualTo(score);
    }

    @ParameterizedTest(name = "ACVPU {0} scores {1}")
    @CsvSource({"0,0", "1,3", "2,3", "3,3", "4,3"})
    void consciousness(int acvpu, int score) {
        assertThat(News2Scorer.consciousness(acvpu)).isEqualTo(score);
    }

    @Test
    void supplementalOxygenAddsTwo() {
        assertThat(News2Scorer.oxygen(true)).isEqualTo(2);
        assertThat(News2Scorer.oxygen(false)).isZero();
    }

    @Test
    void roundingUsesTheDecimalValueNotTheBinaryOne() {
        assertThat(News2Scorer.round(38.05, 1)).isEqualTo(38.1);
        assertThat(News2Scorer.round(38.04, 1)).isEqualTo(38.0);
        assertThat(News2Scorer.round(90.5, 0)).isEqualTo(91.0);
    }
}
