package org.homeward.gateway.device;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** People's passwords: PBKDF2-HMAC-SHA256 with a random salt (a slow KDF, unlike device secrets). */
public final class PasswordHasher {
    /** Iterations for new hashes (OWASP 2023 guidance for PBKDF2-HMAC-SHA256 is 600,000). */
    public static final int ITERATIONS = 600_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {
    }

    public static RegistryData.User hash(String user, String role, char[] password, long now) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        return new RegistryData.User(user, role, b64.encodeToString(salt), b64.encodeToString(hash), ITERATIONS, now);
    }

    public static boolean verify(RegistryData.User u, char[] password) {
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(u.hash());
        byte[] actual = derive(password, b64.decode(u.salt()), u.iterations());
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }
}
