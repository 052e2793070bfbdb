package org.homeward.gateway.device;

/**
 * An active device.
 *
 * @param deviceId  pseudonymous device id
 * @param patientId pseudonymous patient it is currently assigned to
 * @param kind      device kind: {@code patch}, {@code oximeter}, {@code bp-cuff}, {@code resp-band},
 *                  {@code scale}, {@code activity}
 */
public record DeviceInfo(String deviceId, String patientId, String kind) {
}
