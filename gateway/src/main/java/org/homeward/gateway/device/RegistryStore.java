package org.homeward.gateway.device;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.function.UnaryOperator;
import org.homeward.gateway.files.PrivateFiles;

/**
 * The registry on disk under {@code <data.dir>/registry/}: {@code registry.json} (patients,
 * devices, users; no device secrets), {@code master.key} (256 random bits, mode 600, created on
 * first use) and {@code registry.lock}. Writers (the CLI, the gateway's admin API) take the lock,
 * read, change, write a temporary file, fsync and rename, so a reader never sees half a file. The
 * write is always in the current {@link RegistryData#FORMAT_VERSION}.
 * Blocking (disk).
 */
public final class RegistryStore implements RegistryStorage {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path dir;

    public RegistryStore(Path dataDir) {
        this.dir = dataDir.resolve("registry");
    }

    public Path file() {
        return dir.resolve("registry.json");
    }

    /**
     * Reads the current content (empty when none yet). An older format is read as its upgrade (see
     * {@link RegistryData}); a newer one than this code knows is refused with {@link IllegalStateException}.
     */
    @Override
    public RegistryData read() {
        Path f = file();
        if (!Files.exists(f)) {
            return RegistryData.empty();
        }
        RegistryData data;
        try {
            data = JSON.readValue(f.toFile(), RegistryData.class);
        } catch (IOException e) {
            throw new UncheckedIOException("registry " + f + " is unreadable: " + e.getMessage(), e);
        }
        if (data.formatVersion() > RegistryData.FORMAT_VERSION) {
            throw new IllegalStateException("registry " + f + " has format version " + data.formatVersion()
                    + ", newer than this gateway understands (" + RegistryData.FORMAT_VERSION + "); use a newer gateway");
        }
        return data;
    }

    /**
     * Rewrites an older registry file in the current format (the gateway does this at start-up; any
     * change does it too). Returns the version found (0 when there is no file yet).
     */
    public int upgrade() {
        if (!Files.exists(file())) {
            return 0;
        }
        int found = read().formatVersion();
        if (found < RegistryData.FORMAT_VERSION) {
            update(UnaryOperator.identity());
        }
        return found;
    }

    /** Applies a change under the lock and returns the new content. */
    @Override
    public RegistryData update(UnaryOperator<RegistryData> change) {
        try {
            PrivateFiles.createDirectories(dir);
            try (FileChannel lockChannel = PrivateFiles.open(dir.resolve("registry.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lockChannel.lock()) {
                RegistryData changed = change.apply(read());
                // every write stores the current format: this is the upgrade of an older file
                RegistryData next = new RegistryData(changed.patients(), changed.devices(), changed.users());
                Path tmp = dir.resolve("registry.json.tmp");
                try (FileChannel out = PrivateFiles.open(tmp, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    out.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(next)));
                    out.force(true);
                }
                try {
                    Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
                }
                return next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("registry " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The master key file ({@code <data.dir>/registry/master.key}). */
    public Path masterKeyFile() {
        return dir.resolve("master.key");
    }

    /**
     * The master key, which must exist already: in cluster mode every node and admin host must hold
     * the same key (operations copy one file), so a missing one is an error rather than a fresh
     * random key whose device secrets no other node would accept.
     */
    public byte[] existingMasterKey() {
        Path f = masterKeyFile();
        if (!Files.exists(f)) {
            throw new IllegalStateException("master key " + f + " is missing: in cluster mode every node and admin host"
                    + " needs a copy of the cluster's one master.key (docs/cluster.md); it is never created or sent over Kafka");
        }
        return masterKey();
    }

    /** The master key, created (256 random bits, owner-only) on first use. */
    public byte[] masterKey() {
        Path f = masterKeyFile();
        try {
            PrivateFiles.createDirectories(dir);
            if (!Files.exists(f)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Path tmp = dir.resolve("master.key.tmp");
                PrivateFiles.write(tmp, key);
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system; the directory permissions must protect it
                }
                try {
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] key = Files.readAllBytes(f);
            if (key.length != 32) {
                throw new IllegalStateException("master key " + f + " is damaged (" + key.length + " bytes, expected 32)");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("master key " + f + ": " + e.getMessage(), e);
        }
    }
}
