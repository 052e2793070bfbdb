package org.homeward.gateway.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.PasswordHasher;
import org.homeward.gateway.device.RegistryData;

/**
 * Users from the registry. Passwords are checked with PBKDF2 (slow on purpose); a successful check
 * is remembered for {@link #CACHE_MILLIS} as a salted SHA-256 of user and password (never the
 * password), so a script sending HTTP Basic credentials on every request does not pay the KDF each
 * time. A changed user record (new password, new role, disabled) invalidates the entry; a disabled
 * user is refused, and {@link #isCurrent} ends the sessions of one disabled, given another role or
 * whose password was reset: each {@link User} carries a fingerprint of the password record it was
 * verified against (a truncated SHA-256 of salt, hash and iterations, never the hash itself), so a
 * reset made by the command line ends the sessions at the next registry poll, as the API's does at once.
 */
public final class RegistryUsers implements UserDirectory {
    static final long CACHE_MILLIS = 5 * 60_000L;
    private final FileDeviceDirectory registry;
    private final Clock clock;
    private final byte[] pepper = new byte[32];
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(byte[] digest, RegistryData.User record, long until) {
    }

    private final BiPredicate<RegistryData.User, char[]> kdf;

    /** A record of no user, checked instead of a missing one so unknown names cost the same KDF run. */
    private static final class Dummy {
        static final RegistryData.User USER = PasswordHasher.hash("(dummy)", "none",
                java.util.UUID.randomUUID().toString().toCharArray(), 0);
    }

    public RegistryUsers(FileDeviceDirectory registry, Clock clock) {
        this(registry, clock, PasswordHasher::verify);
    }

    /** @param kdf the slow password check ({@link PasswordHasher#verify}; a counting one in tests) */
    RegistryUsers(FileDeviceDirectory registry, Clock clock, BiPredicate<RegistryData.User, char[]> kdf) {
        this.registry = registry;
        this.clock = clock;
        this.kdf = kdf;
        new SecureRandom().nextBytes(pepper);
    }

    /**
     * Refusals take as long for an unknown or disabled user as for a wrong password (issue 15: a known
     * name took ~150 ms to refuse, an unknown one ~4 ms, so names could be enumerated): the KDF
     * runs on a dummy record, or on the disabled user's own, and the answer is empty either way.
     */
    @Override
    public Optional<User> verify(String user, char[] password) {
        try {
            RegistryData.User u = find(user);
            if (u == null || u.disabled()) {
                kdf.test(u == null ? Dummy.USER : u, password);
                return Optional.empty();
            }
            byte[] digest = digest(user, password);
            Cached c = cache.get(user);
            long now = clock.millis();
            if (c != null && c.record.equals(u) && c.until > now && MessageDigest.isEqual(c.digest, digest)) {
                return Optional.of(user(u));
            }
            if (!kdf.test(u, password)) {
                return Optional.empty();
            }
            cache.put(user, new Cached(digest, u, now + CACHE_MILLIS));
            return Optional.of(user(u));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public boolean isKnown(String user) {
        return find(user) != null;
    }

    private RegistryData.User find(String user) {
        return registry.data().users().stream().filter(x -> x.user().equals(user)).findFirst().orElse(null);
    }

    /**
     * Known, enabled, still in the same role and with the password it signed in with (an in-memory
     * lookup in the registry snapshot plus one short hash). A user without a credential fingerprint
     * (not made here) is not checked for it.
     */
    @Override
    public boolean isCurrent(User user) {
        for (RegistryData.User u : registry.data().users()) {
            if (u.user().equals(user.name())) {
                return !u.disabled() && u.role().equals(user.role())
                        && (user.credential().isEmpty() || user.credential().equals(credential(u)));
            }
        }
        return false;
    }

    private static User user(RegistryData.User u) {
        return new User(u.user(), u.role(), credential(u));
    }

    /** Changes with every password set (a reset draws a new salt, even for the same password). */
    static String credential(RegistryData.User u) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(String.valueOf(u.salt()).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(String.valueOf(u.hash()).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(Integer.toString(u.iterations()).getBytes(StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(md.digest(), 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
