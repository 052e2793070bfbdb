package org.homeward.sim.transport;

import java.util.concurrent.ScheduledExecutorService;

/**
 * What a link needs: target host and port, device credentials, the SenML base name (for the will),
 * the offline buffer size (packs), the shared scheduler for retries, the shared counters, and what
 * the device does with a command from the gateway.
 */
public record LinkSettings(String host, int port, String deviceId, String secret, String baseName,
                           int bufferCapacity, ScheduledExecutorService scheduler, SimStats stats,
                           CommandHandler commands) {
    /** A device that only counts the commands it gets. */
    public LinkSettings(String host, int port, String deviceId, String secret, String baseName,
                        int bufferCapacity, ScheduledExecutorService scheduler, SimStats stats) {
        this(host, port, deviceId, secret, baseName, bufferCapacity, scheduler, stats, CommandHandler.NONE);
    }

    /** Default offline buffer: about 14 h of 5-s oximeter packs. */
    public static final int DEFAULT_BUFFER = 10_000;
}
