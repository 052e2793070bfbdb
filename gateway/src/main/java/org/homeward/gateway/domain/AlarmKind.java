package org.homeward.gateway.domain;

/** Physiological (the patient) and technical (the equipment or the data path) alarms are kept apart everywhere. */
public enum AlarmKind {
    PHYSIOLOGICAL, TECHNICAL
}
