package org.homeward.gateway.device;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.homeward.gateway.audit.AuditLog;

/**
 * Changes to the people who sign in, shared by the command line and the admin API: each is
 * validated ({@link RegistryException} naming the field), written under the registry lock and
 * audited. Passwords get the slow KDF ({@link PasswordHasher}). Blocking (disk, PBKDF2).
 */
public final class UserAccounts {
    private final RegistryStorage store;
    private final AuditLog audit;
    private final Clock clock;

    UserAccounts(RegistryStorage store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    public void addUser(String user, String role, char[] password, String actor) {
        RegistryAdmin.checkId("user", user);
        checkRole(role);
        checkPassword(password);
        RegistryData.User u = PasswordHasher.hash(user, role, password, clock.millis());
        store.update(data -> {
            List<RegistryData.User> users = new ArrayList<>(data.users());
            users.removeIf(x -> x.user().equals(user));
            users.add(u);
            return new RegistryData(data.patients(), data.devices(), users);
        });
        audit(actor, "user.add", Map.of("user", user, "role", role));
    }

    /** Gives an existing user another role; their open sessions end (the web layer checks the role). */
    public void changeRole(String user, String role, String actor) {
        checkRole(role);
        changeUser(user, u -> new RegistryData.User(u.user(), role, u.salt(), u.hash(), u.iterations(), u.createdAt(),
                u.disabled()));
        audit(actor, "user.role", Map.of("user", user, "role", role));
    }

    /** Disables (or enables again) a user: a disabled user cannot sign in and their sessions end. */
    public void setDisabled(String user, boolean disabled, String actor) {
        changeUser(user, u -> new RegistryData.User(u.user(), u.role(), u.salt(), u.hash(), u.iterations(), u.createdAt(),
                disabled));
        audit(actor, disabled ? "user.disable" : "user.enable", Map.of("user", user));
    }

    /** Sets a new password (slow KDF, as on creation); role and enabled state stay. */
    public void resetPassword(String user, char[] password, String actor) {
        checkPassword(password);
        RegistryData.User fresh = PasswordHasher.hash(user, "nurse", password, clock.millis());
        changeUser(user, u -> new RegistryData.User(u.user(), u.role(), fresh.salt(), fresh.hash(), fresh.iterations(),
                u.createdAt(), u.disabled()));
        audit(actor, "user.password", Map.of("user", user));
    }

    private void changeUser(String user, UnaryOperator<RegistryData.User> change) {
        RegistryAdmin.checkId("user", user);
        store.update(data -> {
            List<RegistryData.User> users = new ArrayList<>(data.users());
            int i = users.stream().map(RegistryData.User::user).toList().indexOf(user);
            if (i < 0) {
                throw new RegistryException("user", RegistryException.Reason.UNKNOWN, "user '" + user + "' does not exist");
            }
            users.set(i, change.apply(users.get(i)));
            return new RegistryData(data.patients(), data.devices(), users);
        });
    }

    private static void checkRole(String role) {
        if (!RegistryAdmin.ROLES.contains(role)) {
            throw RegistryAdmin.invalid("role", "--role '" + role + "' is not one of " + new java.util.TreeSet<>(RegistryAdmin.ROLES));
        }
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length < 8) {
            throw RegistryAdmin.invalid("password", "the password must have at least 8 characters");
        }
    }

    private void audit(String actor, String action, Map<String, String> details) {
        audit.append(actor, action, new LinkedHashMap<>(details), clock.instant());
    }
}
