package org.homeward.gateway.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An oximeter pack reaches the rules context first whatever its record order. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PackOrderTest {
    private static Reading r(Vital v, double value) {
        return new Reading("dev-oxi", "p-1", v, value, 1_000, 1_000, Quality.OK, v.ucum(), false);
    }

    @Test
    void vitalSignsBeforeTheirContextAreMovedBehindItKeepingEachGroupsOrder() {
        Reading spo2 = r(Vital.SPO2, 91);
        Reading hr = r(Vital.HR, 80);
        Reading pi = r(Vital.PI, 1.2);
        Reading act = r(Vital.ACT, 3.0);
        assertThat(PackOrder.contextFirst(List.of(spo2, hr, pi, act))).containsExactly(pi, act, spo2, hr);
        assertThat(PackOrder.contextFirst(List.of(act, spo2, pi, hr))).containsExactly(act, pi, spo2, hr);
    }

    @Test
    void aPackAlreadyContextFirstIsReturnedAsItIs() {
        List<Reading> pack = List.of(r(Vital.ACT, 3.0), r(Vital.SPO2, 91));
        assertThat(PackOrder.contextFirst(pack)).isSameAs(pack);
        assertThat(PackOrder.contextFirst(List.of())).isEmpty();
    }
}
