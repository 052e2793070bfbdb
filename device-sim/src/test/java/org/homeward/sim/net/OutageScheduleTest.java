package org.homeward.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutageScheduleTest {
    private static final long SECOND = 1_000_000_000L;
    private final NetProfile cellEdge = NetProfiles.byName("cell-edge");

    @Test
    void sameSeedGivesTheSameOutagesAndAnotherSeedOthers() {
        assertThat(starts(new OutageSchedule(cellEdge, 5))).isEqualTo(starts(new OutageSchedule(cellEdge, 5)))
                .isNotEqualTo(starts(new OutageSchedule(cellEdge, 6)));
    }

    @Test
    void outagesLastTheProfileLengthAndRecurAtTheProfileMean() {
        OutageSchedule s = new OutageSchedule(cellEdge, 1);
        long t = 0;
        int outages = 0;
        long down = 0;
        long horizon = 24 * 3600 * SECOND;
        while ((t = s.nextStartAfter(t)) >= 0 && t < horizon) {
            long end = s.outageEndAt(t);
            assertThat(end - t).isEqualTo(cellEdge.outageLength().toNanos());
            assertThat(s.outageEndAt(t - 1)).as("up just before").isEqualTo(-1);
            assertThat(s.outageEndAt(end)).as("up at the end").isEqualTo(-1);
            down += end - t;
            outages++;
            t = end;
        }
        // mean cycle = 3 min gap + 20 s outage → ~436 a day; Poisson ± 4.5 sd
        double expected = 86_400.0 / (cellEdge.outageEvery().toSeconds() + cellEdge.outageLength().toSeconds());
        assertThat((double) outages).isBetween(expected - 4.5 * Math.sqrt(expected), expected + 4.5 * Math.sqrt(expected));
        assertThat(down).isEqualTo(outages * cellEdge.outageLength().toNanos());
    }

    @Test
    void profilesWithoutOutagesAreAlwaysUp() {
        OutageSchedule s = new OutageSchedule(NetProfiles.byName("5g-a"), 1);
        assertThat(s.enabled()).isFalse();
        assertThat(s.outageEndAt(3600 * SECOND)).isEqualTo(-1);
        assertThat(s.nextStartAfter(0)).isEqualTo(-1);
        assertThat(new OutageSchedule(cellEdge.withoutOutages(), 1).enabled()).isFalse();
    }

    @Test
    void bundledProfilesGetWorseFromFiveGAdvancedToTheCellEdgeAndBadValuesAreRefused() {
        List<NetProfile> ps = new ArrayList<>();
        NetProfiles.names().forEach(n -> ps.add(NetProfiles.byName(n)));
        assertThat(ps).extracting(NetProfile::name).containsExactly("none", "5g-a", "5g", "4g", "cell-edge");
        for (int i = 1; i < ps.size(); i++) {
            assertThat(ps.get(i).latency()).isGreaterThan(ps.get(i - 1).latency());
            assertThat(ps.get(i).loss()).isGreaterThan(ps.get(i - 1).loss());
        }
        assertThat(NetProfiles.byName("4G").name()).isEqualTo("4g");
        assertThatThrownBy(() -> NetProfiles.byName("6g")).hasMessageContaining("cell-edge");
        assertThatThrownBy(() -> new NetProfile("x", Duration.ofMillis(-1), Duration.ZERO, 0, null, null, null, 0))
                .hasMessageContaining("latency");
        assertThatThrownBy(() -> new NetProfile("x", Duration.ZERO, Duration.ZERO, 1.0, null, null, null, 0))
                .hasMessageContaining("loss");
        assertThatThrownBy(() -> new NetProfile("x", Duration.ZERO, Duration.ZERO, 0, Duration.ofSeconds(1), null, null, 0))
                .hasMessageContaining("together");
    }

    private static List<Long> starts(OutageSchedule s) {
        List<Long> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 20; i++) {
            t = s.nextStartAfter(t);
            out.add(t);
        }
        return out;
    }
}
