package org.homeward.sim.provision;

/** One device's credentials as stored in the simulator's JSON file. */
public record Credential(String deviceId, String secret, String patientId, String kind) {
    public Credential {
        if (deviceId == null || deviceId.isBlank() || secret == null || patientId == null || kind == null) {
            throw new IllegalArgumentException("credential needs deviceId, secret, patientId and kind");
        }
    }
}
