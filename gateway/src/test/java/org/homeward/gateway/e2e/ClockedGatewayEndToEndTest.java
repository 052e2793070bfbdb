package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.journal.JournalEntry;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole gateway runs on the clock it is given (issue 11 item 4): a reading a real MQTT client
 * sends is stamped with the injected clock's time, not the machine's.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClockedGatewayEndToEndTest {
    private static final Instant FIXED = Instant.parse("2031-03-04T05:06:07Z");

    @TempDir
    Path dir;

    @Test
    void givenAGatewayOnAFixedClock_whenADevicePublishes_thenTheJournaledReadingCarriesThatClocksTime()
            throws Exception {
        GatewayFixture gw = new GatewayFixture(dir);
        gw.patient("p-clock");
        String secret = gw.device("d-clock", "p-clock", "patch");
        try (gw) {
            gw.withClock(Clock.fixed(FIXED, ZoneOffset.UTC)).start(Map.of("coaps.enabled", "false"));
            MqttClient c = gw.paho("d-clock", secret);
            c.publish("v1/devices/d-clock/senml",
                    "[{\"bn\":\"urn:dev:d-clock:\",\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.1}]"
                            .getBytes(StandardCharsets.UTF_8), 1, false); // returns once PUBACK, i.e. durable
            c.disconnect();
            c.close();
            gw.stop();
        }

        List<Reading> readings = journaledReadings(dir.resolve("journal"));
        assertThat(readings).singleElement().satisfies(r -> {
            assertThat(r.receivedAtMillis()).isEqualTo(FIXED.toEpochMilli());
            assertThat(r.measuredAtMillis()).isEqualTo(FIXED.toEpochMilli());
        });
    }

    private static List<Reading> journaledReadings(Path journalDir) throws Exception {
        List<Reading> out = new ArrayList<>();
        try (SegmentedJournal j = SegmentedJournal.open(JournalSettings.defaults(journalDir), Clock.systemUTC(),
                new SimpleMeterRegistry())) {
            for (JournalEntry e : j.read(0, 1000)) {
                JournalRecords.Decoded d = JournalRecords.decode(e.payload());
                if (d.type() == JournalRecords.READINGS) {
                    out.addAll(d.readings());
                }
            }
        }
        return out;
    }
}
