package org.homeward.gateway.app;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Free space of the file system holding {@code data.dir}, for readiness. Measured by housekeeping
 * ({@link #run}, a statfs call) so the health check, on an HTTP event loop, only reads two volatile
 * fields. Not enough space: below {@value #MIN_FREE_BYTES} bytes or 1 % of the file system.
 */
public final class DiskSpace implements Runnable {
    /** Readiness needs at least this much free space (64 MiB), and 1 % of the file system. */
    static final long MIN_FREE_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpace.class);
    private final Path dataDir;
    private volatile long usable = -1;
    private volatile long total = -1;

    /** Measures once at once; call {@link #run} periodically afterwards. */
    public DiskSpace(Path dataDir) {
        this.dataDir = dataDir;
        run();
    }

    @Override
    public void run() {
        try {
            FileStore store = Files.getFileStore(dataDir);
            usable = store.getUsableSpace();
            total = store.getTotalSpace();
        } catch (IOException | RuntimeException e) {
            usable = -1;
            LOG.warn("free space of the data directory cannot be read: {}", e.toString());
        }
    }

    /** Usable bytes, -1 when unknown. */
    long usableBytes() {
        return usable;
    }

    long totalBytes() {
        return total;
    }

    /** True when enough space is free (or it cannot be measured: that alone must not take the gateway out). */
    boolean ok() {
        long u = usable;
        return u < 0 || u >= Math.max(MIN_FREE_BYTES, total / 100);
    }
}
