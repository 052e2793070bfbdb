package org.homeward.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.device.RegistryStore;
import org.homeward.gateway.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's data directory: created (owner-only, {@link PrivateFiles}) and locked at start-up (one gateway per directory), and
 * where the bound ports are published ({@code ports.json}) once every listener is open.
 *
 * <p>Threading: called by the starting thread only. Blocks on file I/O.
 */
final class DataDir {
    private static final Logger LOG = LoggerFactory.getLogger(DataDir.class);
    private final Path dir;

    DataDir(Path dir) {
        this.dir = dir;
    }

    /** The device registry in this directory, its file upgraded to the current format first. */
    FileDeviceDirectory deviceDirectory() throws IOException {
        int version = new RegistryStore(dir).upgrade();
        if (version > 0 && version < RegistryData.FORMAT_VERSION) {
            LOG.info("registry file upgraded from format version {} to {}", version, RegistryData.FORMAT_VERSION);
        }
        return new FileDeviceDirectory(new RegistryStore(dir));
    }

    /**
     * Creates the directory and takes its lock; the returned channel holds the lock until closed.
     * Fails with a message naming the directory when another gateway holds it, in another process or
     * in this one.
     */
    FileChannel lock() throws IOException {
        PrivateFiles.createDirectories(dir);
        FileChannel ch = PrivateFiles.open(dir.resolve("gateway.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) { // held by a gateway in this JVM
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IllegalStateException("another gateway is running on data.dir " + dir.toAbsolutePath());
        }
        return ch;
    }

    /** Writes {@code ports.json} atomically (a reader sees the old file or the whole new one). */
    void writePorts(Map<String, Integer> ports) throws IOException {
        Path tmp = dir.resolve("ports.json.tmp");
        PrivateFiles.write(tmp, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(ports));
        Files.move(tmp, dir.resolve("ports.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
