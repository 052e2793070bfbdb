package org.homeward.gateway.domain;

/** Lifecycle of one alarm instance. */
public enum AlarmState {
    /** Condition present (or latched), nobody has acknowledged it. */
    ACTIVE,
    /** A named user acknowledged it; the condition may still be present. */
    ACKNOWLEDGED,
    /** Silenced for a limited time by a named user; expires by itself. */
    SHELVED,
    /** Condition gone and (for latching alarms) acknowledged: closed. */
    RESOLVED
}
