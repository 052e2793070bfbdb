package org.homeward.sim.model;

import java.util.Map;
import java.util.UUID;

/** One simulated patient: pseudonym, scenario, and the device id of each kit member. */
public record PatientKit(int index, String patientId, Scenario scenario, Map<DeviceKind, String> devices) {
    public PatientKit {
        devices = Map.copyOf(devices);
    }

    /** A kit with pseudonyms derived from {@code seed} (for traces without a credentials file). */
    public static PatientKit pseudonymous(long seed, int index, Scenario scenario) {
        String p = Seeds.pseudonym("p", seed, index, 6);
        Map<DeviceKind, String> d = new java.util.EnumMap<>(DeviceKind.class);
        for (DeviceKind k : DeviceKind.values()) {
            d.put(k, Seeds.pseudonym("d", seed, index * 8L + k.ordinal(), 8));
        }
        return new PatientKit(index, p, scenario, d);
    }

    /** The SenML base name of a device, from the template ({@code {device}}, {@code {uuid}}). */
    public static String baseName(String template, String deviceId) {
        String uuid = UUID.nameUUIDFromBytes(deviceId.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        return template.replace("{device}", deviceId).replace("{uuid}", uuid);
    }
}
