package org.homeward.gateway.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster node runs one {@link PatientShards} per owned partition on one registry: each must have its own
 * lag series (tagged with its partition), not only the first one registered, and a closed (revoked) engine's
 * series must go away rather than stay at its last value.
 */
@Timeout(10)
class LagGaugesTest {
    static final ShardSettings ONE = new ShardSettings(1, 16, Duration.ofHours(1), Duration.ofSeconds(1),
            Duration.ofMillis(20), 4, Duration.ofSeconds(10));

    @Test
    void everyOwnedPartitionHasItsOwnLagSeriesAndARevokedOneLeavesNone() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.config().meterFilter(Meters.prometheusHygiene());
        PatientShards p0 = engine(meters, 0, 5);
        PatientShards p3 = engine(meters, 3, 7);

        assertThat(entries(meters, "0")).isEqualTo(5.0); // nothing evaluated yet: the whole log is lag
        assertThat(entries(meters, "3")).isEqualTo(7.0);
        assertThat(meters.find(Meters.PROCESSING_LAG).gauges()).hasSize(2);
        assertThat(meters.scrape()).contains("homeward_processing_lag_entries{partition=\"0\"} 5.0",
                "homeward_processing_lag_entries{partition=\"3\"} 7.0");

        p0.close(); // the partition was revoked
        assertThat(meters.find(Meters.PROCESSING_LAG_ENTRIES).tag("partition", "0").gauge()).isNull();
        assertThat(meters.find(Meters.PROCESSING_LAG).tag("partition", "0").gauge()).isNull();
        assertThat(entries(meters, "3")).isEqualTo(7.0);
        p3.close();
        assertThat(meters.find(Meters.PROCESSING_LAG_ENTRIES).gauges()).isEmpty();
    }

    @Test
    void theTechnicalAlarmGaugeIsOneWhileAnyEngineOfTheNodeHasItRaised() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessingAlarms first = new ProcessingAlarms(now -> 0, () -> 0, 10_000, meters, Clock.systemUTC());
        ProcessingAlarms second = new ProcessingAlarms(now -> 0, () -> 0, 10_000, meters, Clock.systemUTC());
        assertThat(taskFailedGauge(meters)).isZero();

        second.taskFailed("reading", new IllegalStateException("a rule bug")); // not the first engine registered
        assertThat(taskFailedGauge(meters)).as("the second engine's alarm shows").isEqualTo(1.0);
        first.taskFailed("tick", new IllegalStateException("another"));
        second.close(); // its partition was revoked: only the first engine's alarm counts now
        assertThat(taskFailedGauge(meters)).isEqualTo(1.0);
        first.close();
        assertThat(taskFailedGauge(meters)).isZero();
        assertThat(meters.get(Meters.GATEWAY_TECHNICAL_ALARMS_RAISED).tag("rule", ProcessingAlarms.TASK_FAILED).counter()
                .count()).as("raises of both engines counted").isEqualTo(2.0);
    }

    private static double taskFailedGauge(PrometheusMeterRegistry meters) {
        return meters.get(Meters.GATEWAY_TECHNICAL_ALARM).tag("rule", ProcessingAlarms.TASK_FAILED).gauge().value();
    }

    private static PatientShards engine(PrometheusMeterRegistry meters, int partition, long end) {
        ReadingLog log = new ReadingLog() {
            @Override
            public List<Entry> read(long afterPosition, int max) {
                return List.of();
            }

            @Override
            public long endPosition() {
                return end;
            }
        };
        return new PatientShards(ONE, log, new ObservedRules(false), LiveListener.NONE, a -> { }, Clock.systemUTC(),
                ZoneOffset.UTC, meters, Tags.of("partition", String.valueOf(partition)));
    }

    private static double entries(PrometheusMeterRegistry meters, String partition) {
        return meters.get(Meters.PROCESSING_LAG_ENTRIES).tag("partition", partition).gauge().value();
    }
}
