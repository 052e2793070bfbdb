package org.homeward.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DiskAlarmTest {
    @Test
    void raisedWhileNearFullCountedOnceAndClearedWhenSpaceReturns() {
        AtomicBoolean near = new AtomicBoolean();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DiskAlarm alarm = new DiskAlarm(near::get, () -> 950, 1000, meters,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        assertThat(alarm.active()).isEmpty();
        assertThat(meters.get(Meters.GATEWAY_TECHNICAL_ALARM).gauge().value()).isZero();

        near.set(true);
        alarm.check();
        alarm.check();
        assertThat(alarm.active()).singleElement().satisfies(a -> {
            assertThat(a).containsEntry("rule", DiskAlarm.RULE).containsEntry("since", "2026-01-01T00:00:00Z")
                    .containsEntry("usedBytes", 950L).containsEntry("maxBytes", 1000L);
        });
        assertThat(meters.get(Meters.GATEWAY_TECHNICAL_ALARM).tag("rule", DiskAlarm.RULE).gauge().value()).isEqualTo(1);
        assertThat(meters.get(Meters.GATEWAY_TECHNICAL_ALARMS_RAISED).counter().count()).isEqualTo(1);

        near.set(false);
        assertThat(alarm.active()).isEmpty();
        assertThat(meters.get(Meters.GATEWAY_TECHNICAL_ALARM).gauge().value()).isZero();
    }
}
