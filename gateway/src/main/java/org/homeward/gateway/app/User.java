package org.homeward.gateway.app;

import java.util.Objects;

/**
 * A signed-in person.
 *
 * @param name       unique user id (recorded on acknowledgements and manual entries)
 * @param role       {@code nurse} or {@code admin} (lower case)
 * @param credential a fingerprint of the password record the user signed in with, set by the
 *                   {@link UserDirectory} so {@link UserDirectory#isCurrent} can notice a password
 *                   reset; never the password or its hash; empty when the directory keeps none
 */
public record User(String name, String role, String credential) {
    public static final String NURSE = "nurse";
    public static final String ADMIN = "admin";

    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        credential = credential == null ? "" : credential;
    }

    /** A user without a credential fingerprint (directories that do not track password changes). */
    public User(String name, String role) {
        this(name, role, "");
    }

    /** Nurses and admins may view patients, acknowledge and shelve alarms, and enter observations. */
    public boolean mayCare() {
        return NURSE.equals(role) || ADMIN.equals(role);
    }

    @Override
    public String toString() {
        return "User[" + name + ", " + role + "]";
    }
}
