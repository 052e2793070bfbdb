package org.homeward.gateway.web;

import org.homeward.gateway.app.User;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SessionsTest {
    private final MutableClock clock = new MutableClock();
    private final Sessions sessions = new Sessions(Duration.ofHours(12), Duration.ofMinutes(60), 2, clock);
    private final User nurse = new User("nurse1", User.NURSE);

    @Test
    void a_session_ends_after_the_idle_timeout_unless_used() {
        Sessions.Session s = sessions.create(nurse).orElseThrow();

        clock.advance(Duration.ofMinutes(59));
        assertThat(sessions.find(s.token, true)).isPresent();
        clock.advance(Duration.ofMinutes(59));
        assertThat(sessions.find(s.token, false)).as("used 59 min ago").isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(sessions.find(s.token, true)).as("idle 61 min").isEmpty();
        assertThat(sessions.isAlive(s)).isFalse();
    }

    @Test
    void a_session_ends_at_its_absolute_expiry_even_when_used() {
        Sessions.Session s = sessions.create(nurse).orElseThrow();
        for (int i = 0; i < 13; i++) { // 13 x 59 min > 12 h
            clock.advance(Duration.ofMinutes(59));
            sessions.find(s.token, true);
        }

        assertThat(sessions.find(s.token, true)).isEmpty();
    }

    @Test
    void the_table_is_bounded_and_expired_sessions_make_room() {
        assertThat(sessions.create(nurse)).isPresent();
        assertThat(sessions.create(nurse)).isPresent();
        assertThat(sessions.create(nurse)).as("full of live sessions").isEmpty();

        clock.advance(Duration.ofMinutes(61));
        assertThat(sessions.create(nurse)).isPresent();
    }

    @Test
    void csrf_tokens_compare_exactly() {
        Sessions.Session s = sessions.create(nurse).orElseThrow();

        assertThat(s.csrfMatches(s.csrfToken)).isTrue();
        assertThat(s.csrfMatches(s.csrfToken + "x")).isFalse();
        assertThat(s.csrfMatches(null)).isFalse();
        assertThat(s.csrfToken).isNotEqualTo(s.token);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
