package org.homeward.gateway.clinical;

import java.util.function.Supplier;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.Priority;

/**
 * A rule's finding that an alarm condition is present now, with its priority and evidence. The
 * evidence text is built only when an alarm value is produced, not on every one-second evaluation.
 * {@code lateMillis} is how late the sample that confirmed the condition arrived (0 = on time): an
 * alarm raised by buffered or delayed data is marked so for the nurse.
 */
record Condition(AlarmKey key, AlarmKind kind, Priority priority, Supplier<String> evidence, long lateMillis) {
    /** A condition confirmed by data that arrived on time (or not by data at all). */
    Condition(AlarmKey key, AlarmKind kind, Priority priority, Supplier<String> evidence) {
        this(key, kind, priority, evidence, 0);
    }
}
