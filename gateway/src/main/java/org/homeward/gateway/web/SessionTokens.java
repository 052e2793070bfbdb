package org.homeward.gateway.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.homeward.gateway.app.User;

/**
 * Session tokens any node of a cluster can check (cluster mode): the token itself says who signed
 * in and until when, signed with HMAC-SHA256 under a key derived from the master key every node
 * holds, so a nurse whose node dies keeps her session on the node the load balancer picks next.
 * Form: {@code base64url(user).base64url(role).base64url(credential).expiresAtMillis.nonce.base64url(mac)}.
 * The CSRF token is derived from the session token with the same key, so every node computes the
 * same one. The user is still checked on each use ({@code UserDirectory.isCurrent}: disabled, other
 * role, password reset), and the registry is the same on every node, so those end a session on
 * every node. Stateless and thread-safe (a Mac per call).
 */
final class SessionTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private final SecretKeySpec key;

    /** What a valid token says. */
    record Claims(User user, long expiresAtMillis) {
    }

    SessionTokens(byte[] masterKey) {
        this.key = new SecretKeySpec(mac(new SecretKeySpec(masterKey, "HmacSHA256"), "homeward/web-session/v1"), "HmacSHA256");
    }

    /** A new signed token for {@code user}, valid until {@code expiresAtMillis}. */
    String issue(User user, long expiresAtMillis) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String payload = text(user.name()) + "." + text(user.role()) + "." + text(user.credential()) + "."
                + expiresAtMillis + "." + B64.encodeToString(nonce);
        return payload + "." + B64.encodeToString(mac(key, payload));
    }

    /** The claims of a token signed with this key and not expired at {@code now}; empty for anything else. */
    Optional<Claims> verify(String token, long now) {
        int cut = token.lastIndexOf('.');
        if (cut < 0 || token.length() > 1024) {
            return Optional.empty();
        }
        String payload = token.substring(0, cut);
        byte[] presented;
        try {
            presented = DECODE.decode(token.substring(cut + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(presented, mac(key, payload))) {
            return Optional.empty();
        }
        String[] f = payload.split("\\.", -1);
        if (f.length != 5) {
            return Optional.empty();
        }
        try {
            long expires = Long.parseLong(f[3]);
            User user = new User(untext(f[0]), untext(f[1]), untext(f[2]));
            return expires > now ? Optional.of(new Claims(user, expires)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The CSRF token of a session token (the same on every node). */
    String csrf(String token) {
        return B64.encodeToString(mac(key, "csrf|" + token));
    }

    private static String text(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String untext(String s) {
        return new String(DECODE.decode(s), StandardCharsets.UTF_8);
    }

    private static byte[] mac(SecretKeySpec key, String data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
