package org.homeward.gateway.app;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process's file descriptors shared out (issue 15: slow HTTP connections took all 20,000 and the
 * journal could not roll). {@code reserve} descriptors are never given to listeners: journal
 * segments (one each while kept), the registry, the audit log, forwarder cursors, TLS files, JVM
 * jars. The device (MQTT) and HTTP connection caps together get the rest; when the configured caps
 * add up to more, both are lowered in proportion and the gateway says so at start-up. UDP listeners
 * (CoAP/DTLS) use one descriptor whatever their peers.
 *
 * <p>Immutable; computed once at start-up.
 */
public record FdBudget(long limit, int reserve, int mqttConnections, int httpConnections, boolean lowered) {

    /** The soft descriptor limit of this process ({@code ulimit -n}), or -1 when the JVM cannot tell. */
    public static long processLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean u ? u.getMaxFileDescriptorCount() : -1;
    }

    /** Descriptors open now, or -1 when the JVM cannot tell. */
    public static long openNow() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.UnixOperatingSystemMXBean u ? u.getOpenFileDescriptorCount() : -1;
    }

    /**
     * Fits the configured caps into {@code limit - reserve} (an unknown limit, -1, leaves them).
     *
     * @throws IllegalArgumentException when the limit leaves fewer than 2 descriptors for connections
     */
    public static FdBudget fit(long limit, int reserve, int mqtt, int http) {
        if (limit < 0 || (long) mqtt + http + reserve <= limit) {
            return new FdBudget(limit, reserve, mqtt, http, false);
        }
        long room = limit - reserve;
        if (room < 2) {
            throw new IllegalArgumentException("the file descriptor limit (ulimit -n) of " + limit
                    + " leaves no room for connections after fd.reserve=" + reserve + "; raise the limit");
        }
        double scale = (double) room / ((long) mqtt + http);
        int m = Math.max(1, (int) Math.floor(mqtt * scale));
        int h = Math.max(1, (int) Math.min(room - m, Math.floor(http * scale)));
        return new FdBudget(limit, reserve, m, h, true);
    }

    public String describe() {
        return "file descriptors: limit " + limit + ", " + reserve + " reserved for journal, registry and audit files; "
                + "connection caps mqtt " + mqttConnections + ", http " + httpConnections
                + (lowered ? " (lowered from the configured caps to fit; raise ulimit -n to keep them)" : "");
    }
}
