package org.homeward.sim.transport;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a link needs: target host and port, device credentials, the SenML base name (for the will),
 * the offline buffer size (packs), the shared scheduler for retries, the shared counters, what the
 * device does with a command from the gateway, and {@code alsoTry} ("host:port"): further gateways
 * of a cluster the device tries in turn when its target cannot be reached (MQTT: Paho's server URI
 * list; CoAP: the next address after failed exchanges), as a device behind DNS with several addresses would.
 */
public record LinkSettings(String host, int port, String deviceId, String secret, String baseName,
                           int bufferCapacity, ScheduledExecutorService scheduler, SimStats stats,
                           List<String> alsoTry, CommandHandler commands) {
    /** A device that only counts the commands it gets. */
    public LinkSettings(String host, int port, String deviceId, String secret, String baseName,
                        int bufferCapacity, ScheduledExecutorService scheduler, SimStats stats, List<String> alsoTry) {
        this(host, port, deviceId, secret, baseName, bufferCapacity, scheduler, stats, alsoTry, CommandHandler.NONE);
    }

    /** One target only. */
    public LinkSettings(String host, int port, String deviceId, String secret, String baseName,
                        int bufferCapacity, ScheduledExecutorService scheduler, SimStats stats, CommandHandler commands) {
        this(host, port, deviceId, secret, baseName, bufferCapacity, scheduler, stats, List.of(), commands);
    }

    /** Default offline buffer: about 14 h of 5-s oximeter packs. */
    public static final int DEFAULT_BUFFER = 10_000;

    public LinkSettings {
        alsoTry = alsoTry == null ? List.of() : List.copyOf(alsoTry);
        commands = commands == null ? CommandHandler.NONE : commands;
    }

    /** One target only. */
    public LinkSettings(String host, int port, String deviceId, String secret, String baseName, int bufferCapacity,
                        ScheduledExecutorService scheduler, SimStats stats) {
        this(host, port, deviceId, secret, baseName, bufferCapacity, scheduler, stats, List.of());
    }

    /** The MQTT server URIs in the order to try: the target, then {@code alsoTry}. */
    String[] mqttUris() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(host + ":" + port), alsoTry.stream())
                .map(h -> "tcp://" + h).toArray(String[]::new);
    }
}
