package org.homeward.gateway.clinical;

import java.util.function.Supplier;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.Priority;

/**
 * A rule's finding that an alarm condition is present now, with its priority and evidence. The
 * evidence text is built only when an alarm value is produced, not on every one-second evaluation.
 */
record Condition(AlarmKey key, AlarmKind kind, Priority priority, Supplier<String> evidence) {
}
