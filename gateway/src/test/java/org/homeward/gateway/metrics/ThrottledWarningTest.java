package org.homeward.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThrottledWarningTest {
    private final Logger log = (Logger) LoggerFactory.getLogger("throttled-warning-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void attach() {
        lines.start();
        log.addAppender(lines);
    }

    @AfterEach
    void detach() {
        log.detachAppender(lines);
    }

    @Test
    void aFloodWritesOneLineAnIntervalSayingHowManyOccurred() {
        ThrottledWarning w = new ThrottledWarning(log, "dropped {} things", 1, TimeUnit.HOURS);
        for (int i = 0; i < 10_000; i++) {
            w.occurred();
        }
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("dropped 1 things");
    }

    @Test
    void afterTheIntervalTheNextLineCountsEverythingSinceThePreviousOne() {
        ThrottledWarning w = new ThrottledWarning(log, "dropped {} things", 0, TimeUnit.NANOSECONDS);
        w.occurred();
        w.occurred();
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("dropped 1 things", "dropped 1 things");
    }
}
