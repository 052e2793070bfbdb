package org.homeward.gateway.processing;

/**
 * What the gateway knows of one device of a patient.
 *
 * @param deviceId       pseudonymous device id
 * @param kind           device kind
 * @param online         connection currently open (CoAP devices: data within the expected interval)
 * @param batteryPercent last reported battery, NaN if never
 * @param signalDbm      last reported signal, NaN if never
 * @param worn           last wear state (null if never reported)
 * @param lastSeenMillis last message of any kind, 0 if never
 */
public record DeviceStatus(String deviceId, String kind, boolean online, double batteryPercent, double signalDbm,
                           Boolean worn, long lastSeenMillis) {
}
