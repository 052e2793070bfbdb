package org.homeward.sim.model;

/**
 * The patient's true physiology at one instant, before any device noise or artefact.
 * Temperature in °C, rates per minute, SpO2 and PI in percent, BP in mmHg, activity in m/s².
 */
public record VitalState(double temp, double hr, double spo2, double rr, double sbp, double dbp,
                         double pi, double activity, boolean moving, boolean lowPerfusion) {
}
