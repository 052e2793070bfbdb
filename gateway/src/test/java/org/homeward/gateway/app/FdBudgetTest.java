package org.homeward.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The listeners' connection caps always leave {@code fd.reserve} descriptors for the journal, registry and audit. */
class FdBudgetTest {

    @Test
    void givenTheDefaultCapsAtThe20000DescriptorLimit_thenBothAreLoweredToLeaveTheReserve() {
        FdBudget b = FdBudget.fit(20_000, 512, 25_000, 1_000);
        assertThat(b.lowered()).isTrue();
        assertThat((long) b.mqttConnections() + b.httpConnections() + 512).isLessThanOrEqualTo(20_000);
        assertThat(b.mqttConnections()).isGreaterThan(18_000);
        assertThat(b.httpConnections()).isBetween(700, 1_000);
        assertThat(b.describe()).contains("lowered");
    }

    @Test
    void givenCapsThatFit_thenTheyStayAsConfigured() {
        FdBudget b = FdBudget.fit(1_048_576, 512, 25_000, 1_000);
        assertThat(b.lowered()).isFalse();
        assertThat(b.mqttConnections()).isEqualTo(25_000);
        assertThat(b.httpConnections()).isEqualTo(1_000);
        assertThat(FdBudget.fit(-1, 512, 25_000, 1_000).lowered()).as("limit unknown").isFalse();
    }

    @Test
    void givenALimitBelowTheReserve_thenStartUpStopsWithAClearMessage() {
        assertThatThrownBy(() -> FdBudget.fit(256, 512, 25_000, 1_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ulimit -n");
    }

    @Test
    void thisProcessReportsItsLimitAndOpenDescriptors() {
        assertThat(FdBudget.processLimit()).isPositive();
        assertThat(FdBudget.openNow()).isPositive().isLessThan(FdBudget.processLimit());
    }
}
