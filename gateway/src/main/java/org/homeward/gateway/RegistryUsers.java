package org.homeward.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.PasswordHasher;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.web.User;
import org.homeward.gateway.web.UserDirectory;

/**
 * Users from the registry. Passwords are checked with PBKDF2 (slow on purpose); a successful check
 * is remembered for {@link #CACHE_MILLIS} as a salted SHA-256 of user and password (never the
 * password), so a script sending HTTP Basic credentials on every request does not pay the KDF each
 * time. A changed user record (new password, new role, disabled) invalidates the entry; a disabled
 * user is refused, and {@link #isCurrent} ends the sessions of one disabled or given another role.
 */
final class RegistryUsers implements UserDirectory {
    static final long CACHE_MILLIS = 5 * 60_000L;
    private final FileDeviceDirectory registry;
    private final Clock clock;
    private final byte[] pepper = new byte[32];
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(byte[] digest, RegistryData.User record, long until) {
    }

    RegistryUsers(FileDeviceDirectory registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        new SecureRandom().nextBytes(pepper);
    }

    @Override
    public Optional<User> verify(String user, char[] password) {
        try {
            RegistryData.User u = registry.data().users().stream().filter(x -> x.user().equals(user)).findFirst().orElse(null);
            if (u == null || u.disabled()) {
                return Optional.empty();
            }
            byte[] digest = digest(user, password);
            Cached c = cache.get(user);
            long now = clock.millis();
            if (c != null && c.record.equals(u) && c.until > now && MessageDigest.isEqual(c.digest, digest)) {
                return Optional.of(new User(u.user(), u.role()));
            }
            if (!PasswordHasher.verify(u, password)) {
                return Optional.empty();
            }
            cache.put(user, new Cached(digest, u, now + CACHE_MILLIS));
            return Optional.of(new User(u.user(), u.role()));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Known, enabled and still in the same role (an in-memory lookup in the registry snapshot). */
    @Override
    public boolean isCurrent(User user) {
        for (RegistryData.User u : registry.data().users()) {
            if (u.user().equals(user.name())) {
                return !u.disabled() && u.role().equals(user.role());
            }
        }
        return false;
    }

    private byte[] digest(String user, char[] password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(pepper);
            md.update(user.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(new String(password).getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
