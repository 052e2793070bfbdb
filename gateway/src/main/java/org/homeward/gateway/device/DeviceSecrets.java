package org.homeward.gateway.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives device secrets from the gateway's master key: {@code secret = base64url(HMAC-SHA256(master,
 * "device-secret|" + id + "|" + generation))}, 256 bits. Nothing secret is stored per device, so a
 * leaked registry file leaks no secret; checking one is a keyed hash (about a microsecond), so a
 * reconnect storm of thousands of devices does not queue behind a slow KDF. The DTLS PSK is the
 * UTF-8 bytes of the same secret string, so MQTT and CoAP devices are provisioned alike.
 * Thread-safe: each thread keeps its own keyed {@link Mac} (looking one up per call cost more than
 * the hash itself in a reconnect-storm profile).
 */
public final class DeviceSecrets {
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public DeviceSecrets(byte[] masterKey) {
        if (masterKey.length < 32) {
            throw new IllegalArgumentException("master key must have at least 256 bits");
        }
        this.key = new SecretKeySpec(masterKey.clone(), "HmacSHA256");
    }

    /** The secret of a device at a generation. */
    public String secretFor(String deviceId, int generation) {
        byte[] digest = macs.get().doFinal(("device-secret|" + deviceId + "|" + generation).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time check of a presented secret. */
    public boolean matches(String deviceId, int generation, byte[] presented) {
        byte[] expected = secretFor(deviceId, generation).getBytes(StandardCharsets.UTF_8);
        return presented != null && MessageDigest.isEqual(expected, presented);
    }
}
