package org.homeward.gateway.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The deadline heap on its own: which patients a tick takes, in which order, after deadlines moved up and
 * down, patients were touched, left and came back. {@link TickScheduleEquivalenceTest} proves the timer
 * against the rules; this one proves the structure against a plain sorted list.
 */
class TickScheduleTest {
    final TickSchedule<TickSchedule.Entry> schedule = new TickSchedule<>();

    @Test
    void givenEqualDeadlinesThenTheyAreTakenInPatientIdOrder() {
        for (String id : List.of("p-c", "p-a", "p-d", "p-b")) {
            schedule.schedule(new TickSchedule.Entry(id), 1_000);
        }
        schedule.schedule(new TickSchedule.Entry("p-0"), 2_000);
        schedule.schedule(new TickSchedule.Entry("p-z"), Long.MIN_VALUE); // a monitor without deadlines

        assertThat(ids(schedule.takeDue(1_000, e -> 0))).containsExactly("p-z", "p-a", "p-b", "p-c", "p-d");
        assertThat(schedule.size()).isEqualTo(1);
        assertThat(ids(schedule.takeDue(1_999, e -> 0))).isEmpty();
        assertThat(ids(schedule.takeDue(2_000, e -> 0))).containsExactly("p-0");
    }

    @Test
    void givenNothingDueThenThePatientIsNotHeldAndNeverTaken() {
        TickSchedule.Entry a = new TickSchedule.Entry("p-a");
        schedule.schedule(a, Long.MAX_VALUE);
        assertThat(schedule.size()).isZero();
        schedule.schedule(a, 5_000);
        schedule.schedule(a, Long.MAX_VALUE);
        assertThat(schedule.size()).isZero();
        assertThat(schedule.takeDue(Long.MAX_VALUE, e -> Long.MAX_VALUE)).isEmpty();
        schedule.schedule(a, 5_000);
        assertThat(schedule.takeDue(5_000, e -> 0)).containsExactly(a);
    }

    @Test
    void givenATouchedPatientThenItsDeadlineIsComputedOnceAtTheNextTickAndNotAfterItLeft() {
        TickSchedule.Entry a = new TickSchedule.Entry("p-a");
        TickSchedule.Entry b = new TickSchedule.Entry("p-b");
        schedule.schedule(a, 9_000);
        for (int i = 0; i < 3; i++) {
            schedule.touched(a);
            schedule.touched(b);
        }
        schedule.remove(b);
        List<String> asked = new ArrayList<>();
        assertThat(schedule.takeDue(1_000, e -> {
            asked.add(e.patientId);
            return 1_000;
        })).containsExactly(a);
        assertThat(asked).as("one computation per touched patient, none for one that left").containsExactly("p-a");
        assertThat(schedule.takeDue(100_000, e -> 0)).as("a takes the patient out until scheduled again").isEmpty();
    }

    /**
     * Many patients' deadlines moved up and down at random (with ties, Long.MIN_VALUE and Long.MAX_VALUE),
     * touched, removed and admitted again, checked at every tick against a sorted list of (due, id).
     */
    @Test
    void givenRandomMovesThenEveryTickTakesWhatASortedListWould() {
        for (int seed = 1; seed <= 30; seed++) {
            randomScenario(seed);
        }
    }

    private void randomScenario(int seed) {
        Random rnd = new Random(seed);
        TickSchedule<TickSchedule.Entry> heap = new TickSchedule<>();
        int patients = 1 + rnd.nextInt(300);
        Map<String, TickSchedule.Entry> entries = new HashMap<>();
        Map<String, Long> held = new HashMap<>(); // the reference: patient -> deadline, only if not MAX
        Set<String> touched = new HashSet<>();
        Map<String, Long> nextDue = new HashMap<>(); // what a touched patient's monitor will report
        long now = 0;
        for (int step = 0; step < 3_000; step++) {
            String id = "p" + rnd.nextInt(patients);
            TickSchedule.Entry e = entries.computeIfAbsent(id, TickSchedule.Entry::new);
            int what = rnd.nextInt(100);
            if (what < 45) {
                long at = deadline(rnd, now);
                heap.schedule(e, at);
                hold(held, id, at);
            } else if (what < 75) {
                heap.touched(e);
                touched.add(id);
                nextDue.put(id, deadline(rnd, now));
            } else if (what < 80) {
                heap.remove(e);
                held.remove(id);
                touched.remove(id);
                entries.remove(id); // admitted again later: a new entry under the same id
            } else {
                now += rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(200);
                for (String t : touched) {
                    hold(held, t, nextDue.get(t));
                }
                touched.clear();
                long at = now;
                List<String> expected = held.entrySet().stream().filter(d -> d.getValue() <= at)
                        .sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                        .map(Map.Entry::getKey).toList();
                expected.forEach(held::remove);
                List<String> taken = ids(heap.takeDue(now, t -> nextDue.get(t.patientId)));
                assertThat(taken).as("seed %d step %d", seed, step).isEqualTo(expected);
                assertThat(heap.size()).as("seed %d step %d", seed, step).isEqualTo(held.size());
                // the shard schedules each taken patient again, some of them further out
                for (String t : taken) {
                    if (rnd.nextBoolean()) {
                        long next = deadline(rnd, now);
                        heap.schedule(entries.get(t), next);
                        hold(held, t, next);
                    }
                }
            }
        }
    }

    /** Near deadlines with many ties, some far, some "every tick" and some "nothing due". */
    private static long deadline(Random rnd, long now) {
        return switch (rnd.nextInt(10)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> Long.MAX_VALUE;
            case 2 -> now + rnd.nextInt(1_000_000);
            default -> now - 50 + rnd.nextInt(20) * 25;
        };
    }

    private static void hold(Map<String, Long> held, String id, long at) {
        if (at == Long.MAX_VALUE) {
            held.remove(id);
        } else {
            held.put(id, at);
        }
    }

    private static List<String> ids(List<TickSchedule.Entry> entries) {
        return entries.stream().map(e -> e.patientId).toList();
    }
}
