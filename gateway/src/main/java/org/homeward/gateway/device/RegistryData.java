package org.homeward.gateway.device;

import java.util.List;

/**
 * The registry file's content ({@code <data.dir>/registry/registry.json}). Holds no device secret:
 * secrets are derived from the master key (see {@link DeviceSecrets}).
 */
public record RegistryData(List<Patient> patients, List<Device> devices, List<User> users) {
    public RegistryData {
        patients = patients == null ? List.of() : List.copyOf(patients);
        devices = devices == null ? List.of() : List.copyOf(devices);
        users = users == null ? List.of() : List.copyOf(users);
    }

    public static RegistryData empty() {
        return new RegistryData(List.of(), List.of(), List.of());
    }

    /** A monitored patient; {@code patientId} is a pseudonym. */
    public record Patient(String patientId, String infusionDate, String product, String displayLabel, long addedAt) {
    }

    /**
     * A device. {@code generation} rises on every secret rotation; the secret of generation n is
     * derived from the master key, so rotating invalidates the old one at once.
     */
    public record Device(String deviceId, String patientId, String kind, int generation, boolean revoked,
                         long createdAt, long updatedAt) {
    }

    /**
     * A person who signs in. The password is kept as a PBKDF2 hash only. A {@code disabled} user
     * cannot sign in and loses every open session (absent in older files = enabled).
     */
    public record User(String user, String role, String salt, String hash, int iterations, long createdAt,
                       boolean disabled) {
        /** An enabled user (the shape before {@code disabled} existed). */
        public User(String user, String role, String salt, String hash, int iterations, long createdAt) {
            this(user, role, salt, hash, iterations, createdAt, false);
        }
    }
}
