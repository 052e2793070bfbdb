package org.homeward.gateway.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DeviceDirectory} backed by the registry file. Holds an immutable snapshot that
 * {@link #refresh()} replaces when the file changed (the gateway calls it every
 * {@code registry.poll-interval}), so a device added or revoked with the CLI takes effect within
 * that interval, without a restart. Deactivation listeners learn of revoked or reassigned devices.
 */
public final class FileDeviceDirectory implements DeviceDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(FileDeviceDirectory.class);
    private final RegistryStore store;
    private final DeviceSecrets secrets;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<RegistryData>> versionListeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot = new Snapshot(RegistryData.empty());
    private FileTime lastModified;
    private long lastSize = -1;

    public FileDeviceDirectory(RegistryStore store) {
        this.store = store;
        this.secrets = new DeviceSecrets(store.masterKey());
        refresh();
    }

    /** Immutable view of one registry version. */
    private static final class Snapshot {
        final RegistryData data;
        final Map<String, RegistryData.Device> devices = new HashMap<>();
        final Map<String, RegistryData.Patient> patients = new HashMap<>();
        /**
         * The answer of {@link #find} per active device, made once per registry version: every pack asks,
         * and two lookups plus a {@code DeviceInfo} and an {@code Optional} per pack were ~7 % of the CPU
         * samples under the fleet load (10,000 devices: each lookup a cache miss; issue 14).
         */
        final Map<String, Optional<DeviceInfo>> found = new HashMap<>();

        Snapshot(RegistryData data) {
            this.data = data;
            data.devices().forEach(d -> devices.put(d.deviceId(), d));
            data.patients().forEach(p -> patients.put(p.patientId(), p));
            devices.values().forEach(d -> {
                if (active(d)) {
                    found.put(d.deviceId(), Optional.of(new DeviceInfo(d.deviceId(), d.patientId(), d.kind())));
                }
            });
        }

        boolean active(RegistryData.Device d) {
            RegistryData.Patient p = d == null || d.revoked() ? null : patients.get(d.patientId());
            return p != null && p.active();
        }
    }

    /** Re-reads the registry if its file changed; returns true if it did. Safe from one thread at a time. */
    public synchronized boolean refresh() {
        try {
            FileTime mtime = Files.exists(store.file()) ? Files.getLastModifiedTime(store.file()) : FileTime.fromMillis(0);
            long size = Files.exists(store.file()) ? Files.size(store.file()) : 0;
            if (mtime.equals(lastModified) && size == lastSize) {
                return false;
            }
            Snapshot next = new Snapshot(store.read());
            Snapshot prev = snapshot;
            snapshot = next;
            lastModified = mtime;
            lastSize = size;
            for (Consumer<RegistryData> l : versionListeners) {
                l.accept(next.data);
            }
            notifyDeactivated(prev, next);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("registry reload failed, keeping the previous version: {}", e.getMessage());
            return false;
        }
    }

    /**
     * Re-reads the registry even when its time stamp and size look unchanged (two quick changes of
     * the same size within a coarse file-system clock tick would otherwise be missed); for a change
     * this process has just made. A failed read keeps the previous version (logged, as {@link #refresh}).
     */
    public synchronized void reload() {
        lastModified = null;
        lastSize = -1;
        refresh();
    }

    private void notifyDeactivated(Snapshot prev, Snapshot next) {
        Set<String> gone = new HashSet<>();
        for (RegistryData.Device before : prev.devices.values()) {
            RegistryData.Device after = next.devices.get(before.deviceId());
            boolean wasActive = prev.active(before);
            boolean changed = after == null || !next.active(after) || after.generation() != before.generation()
                    || !after.patientId().equals(before.patientId());
            if (wasActive && changed) {
                gone.add(before.deviceId());
            }
        }
        for (String id : gone) {
            for (Consumer<String> l : listeners) {
                try {
                    l.accept(id);
                } catch (RuntimeException e) {
                    LOG.warn("deactivation listener failed: {}", e.toString());
                }
            }
        }
    }

    /**
     * Registers a listener told of each new registry version (on the thread that reloads) BEFORE
     * the deactivation listeners close devices' connections: e.g. so a discharged patient is known
     * as such before its released devices' disconnects arrive. Must not block or throw.
     */
    public void onNewVersion(Consumer<RegistryData> listener) {
        versionListeners.add(listener);
    }

    /** The registry content currently in force. */
    public RegistryData data() {
        return snapshot.data;
    }

    public Optional<RegistryData.Patient> patient(String patientId) {
        return Optional.ofNullable(snapshot.patients.get(patientId));
    }

    @Override
    public Optional<DeviceInfo> authenticate(String deviceId, byte[] secret) {
        return explainFailure(deviceId, secret) == AuthFailure.NONE ? find(deviceId) : Optional.empty();
    }

    @Override
    public AuthFailure explainFailure(String deviceId, byte[] secret) {
        Snapshot s = snapshot;
        RegistryData.Device d = deviceId == null ? null : s.devices.get(deviceId);
        if (d == null) {
            return AuthFailure.UNKNOWN_DEVICE;
        }
        if (d.revoked()) {
            return AuthFailure.REVOKED;
        }
        if (!s.active(d)) {
            return AuthFailure.UNASSIGNED;
        }
        return secrets.matches(deviceId, d.generation(), secret) ? AuthFailure.NONE : AuthFailure.BAD_SECRET;
    }

    @Override
    public Optional<byte[]> pskFor(String deviceId) {
        Snapshot s = snapshot;
        RegistryData.Device d = deviceId == null ? null : s.devices.get(deviceId);
        if (!s.active(d)) {
            return Optional.empty();
        }
        return Optional.of(secrets.secretFor(deviceId, d.generation()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<DeviceInfo> find(String deviceId) {
        return deviceId == null ? Optional.empty() : snapshot.found.getOrDefault(deviceId, Optional.empty());
    }

    @Override
    public void onDeactivated(Consumer<String> listener) {
        listeners.add(listener);
    }
}
