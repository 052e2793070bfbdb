package org.homeward.gateway.web;

import java.util.Objects;

/**
 * A signed-in person.
 *
 * @param name unique user id (recorded on acknowledgements and manual entries)
 * @param role {@code nurse} or {@code admin} (lower case)
 */
public record User(String name, String role) {
    public static final String NURSE = "nurse";
    public static final String ADMIN = "admin";

    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    /** Nurses and admins may view patients, acknowledge and shelve alarms, and enter observations. */
    public boolean mayCare() {
        return NURSE.equals(role) || ADMIN.equals(role);
    }
}
