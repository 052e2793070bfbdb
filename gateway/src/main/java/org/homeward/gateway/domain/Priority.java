package org.homeward.gateway.domain;

/** Alarm priority in the IEC 60601-1-8 style; ordinal order is rising urgency. */
public enum Priority {
    LOW, MEDIUM, HIGH
}
