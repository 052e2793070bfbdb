package org.homeward.gateway.app;

import java.util.List;

/**
 * Registry administration for the admin API: patients, devices and users. Implemented by the
 * composition root over the same registry code the command line uses, so both make the same
 * checks and write the same audit lines ({@code actor} = the signed-in admin).
 *
 * <p>Threading: every method blocks (registry file, fsync, audit append, a deliberately slow
 * password hash) and is called only on the HTTP server's single admin thread, never on an event
 * loop. A change is in force when the method returns (revocation has closed the device's
 * connections, a moved device's next reading goes to its new patient). A refused change throws
 * {@link org.homeward.gateway.device.RegistryException} naming the field; nothing else is expected.
 */
public interface AdminService {

    /**
     * A patient and its current episode; {@code patientId} is a pseudonym.
     *
     * @param state           {@code active} (on the board) or {@code discharged}
     * @param episode         1 for the first admission, one more for each re-admission
     * @param dischargedAt    epoch millis of the discharge, 0 while active
     * @param dischargeReason why the episode ended, null while active
     */
    record PatientRow(String patientId, String infusionDate, String product, String displayLabel, String state,
                      int episode, long admittedAt, long dischargedAt, String dischargeReason) {
    }

    /** A device enrolled by a roster import, with its secret (shown once) and the roster line. */
    record EnrolledRow(int line, String deviceId, String secret, String patientId, String kind) {
    }

    /**
     * A device and what the gateway knows of it; never a secret.
     *
     * @param state          {@code active}, {@code revoked} or {@code unassigned} (its patient is gone)
     * @param generation     secret generation (rises with each rotation)
     * @param online         a connection is open (as the patient's board shows it)
     * @param lastSeenMillis last message of any kind, 0 if never (or not known since the gateway started)
     */
    record DeviceRow(String deviceId, String patientId, String kind, String state, int generation, boolean online,
                     long lastSeenMillis) {
    }

    /** A person who signs in; never a password hash. */
    record UserRow(String user, String role, boolean enabled) {
    }

    List<PatientRow> patients();

    PatientRow addPatient(String patientId, String infusionDate, String product, String displayLabel, String actor);

    List<DeviceRow> devices();

    /**
     * Enrols a CSV roster ({@code source} names it in messages) in one registry write and returns
     * every device with its secret; a bad line refuses the whole roster, naming line and field.
     */
    List<EnrolledRow> importRoster(String source, String csv, String actor);

    /**
     * Ends the patient's episode: devices released, open alarms closed with {@code reason}, off the
     * board; data kept and still forwarded. Returns the patient as stored now.
     */
    PatientRow discharge(String patientId, String reason, String actor);

    /** Registers a new device id (refusing one in use) and returns its secret, which is shown once. */
    String addDevice(String deviceId, String patientId, String kind, String actor);

    /** Assigns the device to another patient; its secret stays (the kit is not re-flashed). */
    void moveDevice(String deviceId, String patientId, String actor);

    /** A new secret for the device, returned once; the old one stops working and its connections close. */
    String rotateSecret(String deviceId, String actor);

    /** Revokes the device: its connections close and its secret stops working. */
    void revokeDevice(String deviceId, String actor);

    List<UserRow> users();

    void addUser(String user, String role, char[] password, String actor);

    void changeRole(String user, String role, String actor);

    void setDisabled(String user, boolean disabled, String actor);

    void resetPassword(String user, char[] password, String actor);
}
