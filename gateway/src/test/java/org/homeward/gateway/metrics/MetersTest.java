package org.homeward.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every meter name has its HELP text, and the registry filter puts it on meters registered without one. */
@Timeout(10)
class MetersTest {

    @Test
    void everyMeterNameHasAHelpText() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field f : Meters.class.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) && f.getType() == String.class) {
                names.add((String) f.get(null));
            }
        }
        assertThat(names).hasSizeGreaterThan(20);
        assertThat(Meters.HELP.keySet()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(Meters.HELP.values()).allSatisfy(h -> assertThat(h).isNotBlank());
    }

    @Test
    void givenAMeterRegisteredWithoutDescriptionWhenScrapedThenItCarriesItsHelpText() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(Meters.prometheusHygiene());

        Counter.builder(Meters.SHED).tag("lane", "data").register(registry).increment();

        assertThat(registry.scrape()).contains("# HELP homeward_shed_total " + Meters.HELP.get(Meters.SHED));
    }
}
