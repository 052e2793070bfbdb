package org.homeward.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SinceParserTest {
    private static final long NOW = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();

    @Test
    void accepts_relative_iso_and_epoch_millis_and_defaults_to_24_hours() {
        assertThat(SinceParser.parse("-24h", NOW)).isEqualTo(NOW - 86_400_000L);
        assertThat(SinceParser.parse("-90m", NOW)).isEqualTo(NOW - 5_400_000L);
        assertThat(SinceParser.parse("2026-11-25T08:00:00Z", NOW)).isEqualTo(NOW - 4 * 3_600_000L);
        assertThat(SinceParser.parse(Long.toString(NOW - 1000), NOW)).isEqualTo(NOW - 1000);
        assertThat(SinceParser.parse(null, NOW)).isEqualTo(NOW - 86_400_000L);
    }

    @Test
    void refuses_garbage_and_look_backs_beyond_seven_days() {
        assertThatThrownBy(() -> SinceParser.parse("yesterday", NOW)).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> SinceParser.parse("-8d", NOW)).isInstanceOf(BadRequest.class)
                .hasMessageContaining("7 days");
        assertThatThrownBy(() -> SinceParser.parse("-24x", NOW)).isInstanceOf(BadRequest.class);
    }
}
