package org.homeward.gateway.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.InMemoryJournal;
import org.homeward.gateway.journal.MutableClock;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the shard keeps per patient (one slot: state, monitor, dirty mark, place in the timer; issue 14),
 * seen from outside in simulated time: a deadline moves only after an input or a tick, ties are ticked in
 * patient id order, a discharged patient leaves the timer and the pending publications, a re-admitted one
 * starts afresh, and each snapshot is published once per publication with the newest reading that caused it.
 */
@Timeout(10)
class ShardSlotsTest {
    static final long T0 = ShardStepTest.T0;

    final MutableClock clock = new MutableClock(T0);
    final InMemoryJournal journal = new InMemoryJournal();
    final DueRules rules = new DueRules();
    /** Patient id and the reading published with each snapshot, in publication order. */
    final List<String> published = new ArrayList<>();
    final List<String> removed = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final Map<String, PatientState> sharedStates = new HashMap<>();
    boolean failNextSnapshot;
    final Shard shard = new Shard(0, ShardStepTest.SETTINGS, rules, new Shard.Publisher() {
        @Override
        public void snapshot(PatientSnapshot s, Reading cause) {
            if (failNextSnapshot) {
                failNextSnapshot = false;
                throw new IllegalStateException("publication fails on purpose");
            }
            published.add(s.patientId() + (cause == null ? "" : "@" + cause.value()));
        }

        @Override public void alarm(Alarm a) { }

        @Override public void removed(String patientId) { removed.add(patientId); }
    }, (index, lane, e) -> failures.add(lane + ": " + e.getMessage()),
            new JournalReadingLog(journal, new SimpleMeterRegistry()), p -> true, sharedStates, new HashMap<>(),
            clock, ZoneOffset.UTC);

    void admit(String... patientIds) {
        for (String id : patientIds) {
            shard.upsert(new PatientProfile(id, LocalDate.of(2027, 1, 1), "tisa-cel", "Bed " + id));
        }
    }

    void live() {
        shard.replayDone();
        shard.goLive(0, clock.millis());
        published.clear();
    }

    /** An input for the patient (its deadline is recomputed at the next tick). */
    void connect(String patientId) {
        shard.deviceEvent(new DeviceEvent("d-" + patientId, patientId, DeviceEvent.Type.CONNECTED, clock.millis(), ""));
    }

    void reading(String patientId, double value) {
        journal.append(JournalRecords.readings(List.of(new Reading("d-" + patientId, patientId, Vital.TEMP, value,
                clock.millis(), clock.millis(), Quality.OK, "Cel", false)))).join();
    }

    /** Moves the clock to the next tick and steps; returns the patients ticked, in order. */
    List<String> nextTick() {
        clock.advance(ShardStepTest.SETTINGS.tick().toMillis());
        rules.ticked.clear();
        shard.doWork(clock.millis());
        return List.copyOf(rules.ticked);
    }

    @Test
    void givenADeadlineThenThePatientIsTickedOnlyOnceItHasComeAndItMovesOnlyAfterAnInputOrATick() {
        admit("p-a", "p-b");
        live();
        assertThat(nextTick()).as("nothing due").isEmpty();

        rules.monitor("p-a").due = clock.millis() + 500;
        assertThat(nextTick()).as("no input: the old deadline holds").isEmpty();
        rules.monitor("p-a").due = clock.millis() + 1_500;
        connect("p-a");
        assertThat(nextTick()).as("recomputed at this tick, due at the next").isEmpty();
        assertThat(nextTick()).containsExactly("p-a");
        assertThat(nextTick()).as("still due after its tick").containsExactly("p-a");

        rules.monitor("p-a").due = Long.MAX_VALUE;
        assertThat(nextTick()).as("recomputed after its tick only").containsExactly("p-a");
        assertThat(nextTick()).isEmpty();
        assertThat(failures).isEmpty();
    }

    @Test
    void givenPatientsDueAtTheSameTimeThenTheyAreTickedInPatientIdOrder() {
        admit("p-c", "p-a", "p-d", "p-b");
        live();
        for (String id : List.of("p-d", "p-b", "p-c", "p-a")) {
            rules.monitor(id).due = clock.millis() + 500;
            connect(id);
        }
        rules.monitor("p-c").due = clock.millis() + 200;
        connect("p-c");
        assertThat(nextTick()).containsExactly("p-c", "p-a", "p-b", "p-d");
    }

    @Test
    void givenAMonitorThatCannotTellItsDeadlineThenItIsTickedEveryTickAndTheFailureCounted() {
        admit("p-a", "p-b");
        live();
        rules.monitor("p-a").failDue = true;
        connect("p-a");
        assertThat(nextTick()).containsExactly("p-a");
        assertThat(nextTick()).containsExactly("p-a");
        assertThat(failures).isNotEmpty().allMatch(f -> f.startsWith("tick: "));
    }

    @Test
    void givenADischargedPatientThenItLeavesTheTimerAndTheBoardAndAReadmissionStartsAfresh() {
        admit("p-a", "p-b");
        live();
        DueMonitor first = rules.monitor("p-a");
        first.due = Long.MIN_VALUE;
        rules.monitor("p-b").due = Long.MIN_VALUE;
        connect("p-a");
        connect("p-b");
        assertThat(nextTick()).containsExactly("p-a", "p-b");
        published.clear();

        connect("p-a"); // touched and dirty when it leaves
        shard.discharge("p-a", List.of(), "nurse-1", "home");
        assertThat(removed).containsExactly("p-a");
        assertThat(sharedStates).containsOnlyKeys("p-b");
        assertThat(shard.idleMillis(clock.millis())).as("no publication pending for it")
                .isEqualTo(ShardStepTest.SETTINGS.tick().toMillis());
        assertThat(nextTick()).containsExactly("p-b");
        assertThat(published).as("nothing published for the discharged patient").isEmpty();

        admit("p-a");
        DueMonitor second = rules.monitor("p-a");
        assertThat(second).isNotSameAs(first);
        second.due = Long.MIN_VALUE;
        int ticksBefore = first.ticks;
        assertThat(nextTick()).containsExactly("p-a", "p-b");
        assertThat(first.ticks).as("the old monitor is gone").isEqualTo(ticksBefore);
        assertThat(second.ticks).isEqualTo(1);
        assertThat(sharedStates).containsOnlyKeys("p-a", "p-b");
    }

    @Test
    void givenSeveralChangesBeforeAPublicationThenEachSnapshotIsPublishedOnceWithTheNewestReading() {
        admit("p-a", "p-b", "p-c");
        live();
        connect("p-b");
        reading("p-a", 37.1);
        reading("p-a", 37.4);
        reading("p-b", 36.9);
        reading("p-c", 36.5);
        reading("p-c", 36.6); // one more than a step reads
        shard.doWork(clock.millis());
        assertThat(published).as("behind the log: publication waits").isEmpty();
        connect("p-a"); // after its readings: the newest reading stays the cause
        shard.doWork(clock.millis());
        assertThat(published).containsExactlyInAnyOrder("p-a@37.4", "p-b@36.9", "p-c@36.6");

        published.clear();
        shard.doWork(clock.millis());
        assertThat(published).as("marks cleared by the publication").isEmpty();
        connect("p-a");
        shard.doWork(clock.millis());
        assertThat(published).as("a later change without reading has no cause").containsExactly("p-a");
    }

    @Test
    void givenAPublicationThatThrowsThenItIsCountedAndEveryMarkedSnapshotIsPublishedAtTheNextOne() {
        admit("p-a", "p-b");
        live();
        connect("p-a");
        reading("p-b", 37.0);
        failNextSnapshot = true;
        shard.doWork(clock.millis());
        assertThat(failures).hasSize(1).allMatch(f -> f.startsWith("publish: "));
        published.clear();
        clock.advance(ShardStepTest.SETTINGS.publishInterval().toMillis());
        shard.doWork(clock.millis());
        assertThat(published).containsExactlyInAnyOrder("p-a", "p-b@37.0");
    }

    /** Monitors as {@link ClinicalRules#NONE} whose deadline the test sets; each tick is recorded in order. */
    static final class DueRules implements ClinicalRules {
        final Map<String, DueMonitor> monitors = new HashMap<>();
        final List<String> ticked = new ArrayList<>();

        DueMonitor monitor(String patientId) {
            return monitors.get(patientId);
        }

        @Override
        public Monitor create(PatientProfile profile) {
            DueMonitor due = new DueMonitor();
            monitors.put(profile.patientId(), due);
            Monitor none = ClinicalRules.NONE.create(profile);
            return (Monitor) Proxy.newProxyInstance(Monitor.class.getClassLoader(), new Class<?>[] {Monitor.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "nextDueMillis" -> {
                            if (due.failDue) {
                                throw new IllegalStateException("no deadline on purpose");
                            }
                            yield due.due;
                        }
                        case "onTick" -> {
                            due.ticks++;
                            ticked.add(profile.patientId());
                            yield List.of();
                        }
                        default -> {
                            try {
                                yield method.invoke(none, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    });
        }
    }

    /** What a test monitor reports as its deadline, and how often it was ticked. */
    static final class DueMonitor {
        long due = Long.MAX_VALUE;
        boolean failDue;
        int ticks;
    }
}
