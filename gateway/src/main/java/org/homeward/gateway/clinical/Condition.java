package org.homeward.gateway.clinical;

import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.Priority;

/** A rule's finding that an alarm condition is present now, with its priority and evidence. */
record Condition(AlarmKey key, AlarmKind kind, Priority priority, String evidence) {
}
