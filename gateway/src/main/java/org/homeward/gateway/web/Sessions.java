package org.homeward.gateway.web;

import org.homeward.gateway.app.UserDirectory;
import org.homeward.gateway.app.User;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * In-memory sign-in sessions. A session ends at its absolute expiry, after {@code idle} without an
 * authenticated request, or on logout. Sessions do not survive a gateway restart (nurses sign in again).
 *
 * <p>In cluster mode ({@link SessionTokens}) a token is signed and says who and until when, so a
 * node that has not seen it takes it over (a nurse's node died; the load balancer sent her to this
 * one). Limits, by design of a stateless token: the idle time-out counts on each node from the first
 * request it served for the session; a logout ends the session on the node that served it (and
 * clears the browser's cookies), while on other nodes the token stays valid until its absolute
 * expiry unless the user is disabled, given another role or has the password reset (those go through
 * the shared registry and end it everywhere).
 *
 * <p>Threading: safe from any thread; never blocks.
 */
final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    /** Signed tokens ended here by logout, with their expiry (cluster mode: a signed token would be taken over again). */
    private final Map<String, Long> loggedOut = new ConcurrentHashMap<>();
    private final SessionTokens signed;
    private final Duration ttl;
    private final Duration idle;
    private final int max;
    private final Clock clock;
    private volatile Predicate<User> current = u -> true;

    Sessions(Duration ttl, Duration idle, int max, Clock clock) {
        this(ttl, idle, max, clock, null);
    }

    /** With {@code signed} not null, tokens any node holding the same master key accepts (cluster mode). */
    Sessions(Duration ttl, Duration idle, int max, Clock clock, SessionTokens signed) {
        this.signed = signed;
        this.ttl = ttl;
        this.idle = idle;
        this.max = max;
        this.clock = clock;
    }

    /** One session; {@code lastUsedMillis} is updated on each authenticated request. */
    static final class Session {
        final String token;
        final String csrfToken;
        final User user;
        final long expiresAtMillis;
        volatile long lastUsedMillis;

        Session(String token, String csrfToken, User user, long expiresAtMillis, long now) {
            this.token = token;
            this.csrfToken = csrfToken;
            this.user = user;
            this.expiresAtMillis = expiresAtMillis;
            this.lastUsedMillis = now;
        }

        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrfToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    /**
     * From now on a session also ends when its user is no longer current (disabled, given another
     * role, removed: {@link UserDirectory#isCurrent}); checked on every use and by the live view's
     * heartbeat, so it must be fast and never block.
     */
    void endWhenNotCurrent(Predicate<User> isCurrent) {
        this.current = isCurrent;
    }

    /** Starts a session, or empty when the table is full of live sessions. */
    Optional<Session> create(User user) {
        long now = clock.millis();
        if (byToken.size() >= max) {
            purge(now);
            if (byToken.size() >= max) {
                return Optional.empty();
            }
        }
        long expires = now + ttl.toMillis();
        String token = signed == null ? newToken() : signed.issue(user, expires);
        Session s = new Session(token, signed == null ? newToken() : signed.csrf(token), user, expires, now);
        byToken.put(s.token, s);
        return Optional.of(s);
    }

    /** The live session for a token, marking it used when {@code touch} is set. */
    Optional<Session> find(String token, boolean touch) {
        if (token == null) {
            return Optional.empty();
        }
        Session s = byToken.get(token);
        long now = clock.millis();
        if (s == null) {
            s = takeOver(token, now);
        }
        if (s == null) {
            return Optional.empty();
        }
        if (!alive(s, now)) {
            byToken.remove(token, s);
            return Optional.empty();
        }
        if (touch) {
            s.lastUsedMillis = now;
        }
        return Optional.of(s);
    }

    /** True while the session may still be used (checked by the live view on each heartbeat). */
    boolean isAlive(Session s) {
        return byToken.get(s.token) == s && alive(s, clock.millis());
    }

    void end(String token) {
        if (token != null) {
            Session s = byToken.remove(token);
            if (signed != null && s != null) {
                loggedOut.put(token, s.expiresAtMillis);
                if (loggedOut.size() > max) {
                    purge(clock.millis());
                }
            }
        }
    }

    /** A signed session another node started, valid and not logged out here; null otherwise (or when the table is full). */
    private Session takeOver(String token, long now) {
        if (signed == null || loggedOut.containsKey(token)) {
            return null;
        }
        SessionTokens.Claims c = signed.verify(token, now).orElse(null);
        if (c == null || !current.test(c.user())) {
            return null;
        }
        if (byToken.size() >= max) {
            purge(now);
            if (byToken.size() >= max) {
                return null;
            }
        }
        Session s = new Session(token, signed.csrf(token), c.user(), c.expiresAtMillis(), now);
        Session raced = byToken.putIfAbsent(token, s);
        return raced == null ? s : raced;
    }

    /** Ends every session of a user (disabled, role changed, password reset); open live views close at their next heartbeat. */
    void endUser(String name) {
        byToken.values().removeIf(s -> s.user.name().equals(name));
    }

    long maxAgeSeconds() {
        return ttl.toSeconds();
    }

    private boolean alive(Session s, long now) {
        return now < s.expiresAtMillis && now - s.lastUsedMillis < idle.toMillis() && current.test(s.user);
    }

    private void purge(long now) {
        byToken.values().removeIf(s -> !alive(s, now));
        loggedOut.values().removeIf(expires -> expires <= now);
    }

    private static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
