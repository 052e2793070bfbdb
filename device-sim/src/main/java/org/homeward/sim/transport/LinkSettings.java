package org.homeward.sim.transport;

import java.util.concurrent.ScheduledExecutorService;

/**
 * What a link needs: target host and port, device credentials, the SenML base name (for the will),
 * the offline buffer size (packs), the shared scheduler for retries, and the shared counters.
 */
public record LinkSettings(String host, int port, String deviceId, String secret, String baseName,
                           int bufferCapacity, ScheduledExecutorService scheduler, SimStats stats) {
    /** Default offline buffer: about 14 h of 5-s oximeter packs. */
    public static final int DEFAULT_BUFFER = 10_000;
}
