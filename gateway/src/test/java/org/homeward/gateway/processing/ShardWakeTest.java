package org.homeward.gateway.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.InMemoryJournal;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hint wakes the shard only for an entry it has not evaluated: the later hints of a group commit the
 * shard already read in one step no longer wake it for a step that finds nothing.
 */
@Timeout(10)
class ShardWakeTest {
    final InMemoryJournal journal = new InMemoryJournal();
    final Clock clock = Clock.fixed(Instant.parse("2027-01-02T10:00:00Z"), ZoneOffset.UTC);
    final AtomicInteger wakes = new AtomicInteger();
    final Shard shard = new Shard(0, ShardStepTest.SETTINGS, new ObservedRules(false), new Shard.Publisher() {
        @Override public void snapshot(PatientSnapshot s, Reading cause) { }
        @Override public void alarm(Alarm a) { }
        @Override public void removed(String patientId) { }
    }, (index, lane, e) -> { throw e; }, new JournalReadingLog(journal, new SimpleMeterRegistry()), p -> true,
            new HashMap<>(), new HashMap<>(), clock, ZoneOffset.UTC);

    long journal(int i) {
        return journal.append(JournalRecords.readings(List.of(new Reading("d-1", "p-1", Vital.HR, 60 + i,
                clock.millis(), clock.millis(), Quality.OK, "/min", false)))).join();
    }

    @Test
    void givenTheShardReadAWholeGroupThenTheGroupsLaterHintsDoNotWakeItButANewEntryDoes() {
        shard.goLive(0, clock.millis());
        shard.onWake(wakes::incrementAndGet);
        long first = journal(1);
        long second = journal(2);
        long third = journal(3);

        shard.wake(first);
        assertThat(wakes).hasValue(1);
        assertThat(shard.doWork(clock.millis())).isPositive();
        assertThat(shard.position()).isEqualTo(third);

        shard.wake(second);
        shard.wake(third);
        assertThat(wakes).as("already evaluated: no wake").hasValue(1);

        shard.wake(journal(4));
        assertThat(wakes).hasValue(2);
    }
}
