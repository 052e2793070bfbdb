package org.homeward.gateway.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The registry file's content ({@code <data.dir>/registry/registry.json}). Holds no device secret:
 * secrets are derived from the master key (see {@link DeviceSecrets}).
 *
 * <p>{@code formatVersion} names the file's shape: absent (read as 1) is the shape before
 * monitoring episodes; {@link #FORMAT_VERSION} adds each patient's episode (state, number,
 * admission and discharge). A version-1 file is read as every patient in an active first episode
 * admitted when it was added, and the next write stores the current version. A file from a newer
 * gateway is refused rather than half understood.
 */
public record RegistryData(int formatVersion, List<Patient> patients, List<Device> devices, List<User> users) {
    /** The format this code writes. */
    public static final int FORMAT_VERSION = 2;

    @JsonCreator
    public RegistryData(@JsonProperty("formatVersion") int formatVersion, @JsonProperty("patients") List<Patient> patients,
                        @JsonProperty("devices") List<Device> devices, @JsonProperty("users") List<User> users) {
        this.formatVersion = formatVersion == 0 ? 1 : formatVersion;
        this.patients = patients == null ? List.of() : List.copyOf(patients);
        this.devices = devices == null ? List.of() : List.copyOf(devices);
        this.users = users == null ? List.of() : List.copyOf(users);
    }

    /** New content in the current format. */
    public RegistryData(List<Patient> patients, List<Device> devices, List<User> users) {
        this(FORMAT_VERSION, patients, devices, users);
    }

    public static RegistryData empty() {
        return new RegistryData(List.of(), List.of(), List.of());
    }

    /** The patient with this id, or null. */
    public Patient patient(String patientId) {
        return patients.stream().filter(p -> p.patientId().equals(patientId)).findFirst().orElse(null);
    }

    /**
     * A patient; {@code patientId} is a pseudonym. Each admission to home monitoring is an
     * episode: {@code episode} counts them from 1, {@code state} is {@link #ACTIVE} or
     * {@link #DISCHARGED}; a discharge records when, why and by whom ({@code dischargedBy}).
     * Missing episode fields (a version-1 file) read as an active first episode admitted at {@code addedAt}.
     */
    public record Patient(String patientId, String infusionDate, String product, String displayLabel, long addedAt,
                          String state, int episode, long admittedAt, long dischargedAt, String dischargeReason,
                          String dischargedBy) {
        public static final String ACTIVE = "active";
        public static final String DISCHARGED = "discharged";

        public Patient {
            state = state == null || state.isEmpty() ? ACTIVE : state;
            episode = Math.max(1, episode);
            admittedAt = admittedAt == 0 ? addedAt : admittedAt;
        }

        /** A patient in an active first episode admitted at {@code addedAt}. */
        public Patient(String patientId, String infusionDate, String product, String displayLabel, long addedAt) {
            this(patientId, infusionDate, product, displayLabel, addedAt, ACTIVE, 1, addedAt, 0, null, null);
        }

        public boolean active() {
            return ACTIVE.equals(state);
        }
    }

    /**
     * A device. {@code generation} rises on every secret rotation; the secret of generation n is
     * derived from the master key, so rotating invalidates the old one at once. An empty
     * {@code patientId} is a released device (its patient was discharged): inactive until it is
     * assigned again.
     */
    public record Device(String deviceId, String patientId, String kind, int generation, boolean revoked,
                         long createdAt, long updatedAt) {
        public Device {
            patientId = patientId == null ? "" : patientId;
        }
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
