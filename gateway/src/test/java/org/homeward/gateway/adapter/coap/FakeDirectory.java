package org.homeward.gateway.adapter.coap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.device.DeviceInfo;

/** In-memory directory: secret strings; the PSK is the secret's UTF-8 bytes, as in the real one. */
final class FakeDirectory implements DeviceDirectory {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, String> revoked = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    FakeDirectory add(String deviceId, String secret) {
        secrets.put(deviceId, secret);
        return this;
    }

    /** Revokes the device and tells the listeners, as {@code devices revoke} would. */
    void revoke(String deviceId) {
        revoked.put(deviceId, secrets.remove(deviceId));
        listeners.forEach(l -> l.accept(deviceId));
    }

    @Override
    public Optional<DeviceInfo> authenticate(String deviceId, byte[] secret) {
        return explainFailure(deviceId, secret) == AuthFailure.NONE ? find(deviceId) : Optional.empty();
    }

    @Override
    public AuthFailure explainFailure(String deviceId, byte[] secret) {
        if (revoked.containsKey(deviceId)) {
            return AuthFailure.REVOKED;
        }
        String known = secrets.get(deviceId);
        if (known == null) {
            return AuthFailure.UNKNOWN_DEVICE;
        }
        return MessageDigest.isEqual(known.getBytes(StandardCharsets.UTF_8), secret)
                ? AuthFailure.NONE : AuthFailure.BAD_SECRET;
    }

    @Override
    public Optional<byte[]> pskFor(String deviceId) {
        return Optional.ofNullable(secrets.get(deviceId)).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<DeviceInfo> find(String deviceId) {
        return secrets.containsKey(deviceId)
                ? Optional.of(new DeviceInfo(deviceId, "patient-of-" + deviceId, "patch")) : Optional.empty();
    }

    @Override
    public void onDeactivated(Consumer<String> listener) {
        listeners.add(listener);
    }
}
