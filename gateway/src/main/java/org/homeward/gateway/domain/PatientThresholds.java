package org.homeward.gateway.domain;

import java.util.List;

/**
 * What a patient's thresholds are now, what the programme default is, and every change so far.
 *
 * @param current   values in force
 * @param programme the programme's defaults (what {@code current} differs from)
 * @param history   changes, oldest first, each with {@code before} filled in
 */
public record PatientThresholds(ThresholdValues current, ThresholdValues programme, List<ThresholdChange> history) {
    public PatientThresholds {
        history = List.copyOf(history);
    }
}
