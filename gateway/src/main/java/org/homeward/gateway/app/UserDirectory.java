package org.homeward.gateway.app;

import java.util.Optional;

/**
 * The people who may sign in to the nurse view and the API. Implemented by the integrator.
 *
 * <p>Threading: called from any thread, concurrently. It may block briefly (a deliberately slow
 * password hash); the HTTP server therefore calls it only on its own small authentication pool,
 * never on an event loop. It must not throw for a wrong password: empty means "refused", and the
 * caller never reveals whether the user or the password was wrong.
 */
public interface UserDirectory {

    /**
     * Checks a user's password.
     *
     * @param user     user id as typed (never null)
     * @param password the password; the implementation may clear the array after use
     * @return the user when known, active and the password matches; empty otherwise
     */
    Optional<User> verify(String user, char[] password);

    /**
     * Whether a user of this name exists (enabled or not): a failed sign-in is audited under the typed
     * name only then, so a password typed into the user field never becomes an audit {@code actor}.
     * An in-memory lookup; never blocks. Default: no name is known.
     */
    default boolean isKnown(String user) {
        return false;
    }

    /**
     * Whether a signed-in user is still known, enabled, has the same role and (when the directory
     * set {@link User#credential}) the same password as at sign-in; checked on every request of a
     * session, so it must be fast and never block (an in-memory lookup). A session whose user is no
     * longer current ends (401). Default: always current.
     */
    default boolean isCurrent(User user) {
        return true;
    }
}
