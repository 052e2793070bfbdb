package org.homeward.gateway.web;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the HTTP server (nurse view, JSON API, WebSocket, {@code /metrics}, {@code /health}).
 * Immutable; validated on construction so a bad value stops start-up.
 *
 * @param bindAddress          interface to bind, e.g. {@code 0.0.0.0} (default) or {@code 127.0.0.1}
 * @param port                 TCP port; 0 binds an ephemeral port (default 8080)
 * @param maxBodyBytes         largest accepted request body; larger → 413 (default 64 KiB)
 * @param sessionTtl           absolute lifetime of a sign-in session (default 12 h)
 * @param sessionIdle          a session unused this long ends (default 60 min); the open live view
 *                             does not count as use, so an unattended screen signs out
 * @param maxSessions          sessions held at once; login beyond that → 503 (default 10 000)
 * @param secureCookies        add {@code Secure} to cookies (set when TLS terminates in front; default false)
 * @param metricsRequireAuth   {@code /metrics} and {@code /health} need a signed-in user (default false: open)
 * @param loginFailuresPerMinute failed sign-ins per remote address per minute before 429 (default 5)
 * @param idleTimeout          close a connection that sent nothing for this long (default 60 s)
 * @param heartbeatInterval    live-view heartbeat period (default 2 s); the page declares the link
 *                             lost after ~2.5 heartbeats without a message
 * @param viewerAlarmQueue     alarm events queued per viewer before it is forced to resync (default 256)
 * @param maxShelveMinutes     longest shelve a nurse may ask for (default 60)
 * @param socketSendBufferBytes SO_SNDBUF of accepted connections, 0 = OS default
 * @param maxConnections       open connections on the listener; more are closed at once (default 1,000)
 * @param maxConnectionsPerAddress open connections from one remote address (default 64; raise it
 *                             behind a reverse proxy, which brings every nurse from one address)
 * @param requestTimeout       a request's headers and body must arrive within this of its first
 *                             byte, else the connection is closed (default 10 s)
 */
public record HttpSettings(String bindAddress, int port, int maxBodyBytes, Duration sessionTtl, Duration sessionIdle,
                           int maxSessions, boolean secureCookies, boolean metricsRequireAuth,
                           int loginFailuresPerMinute, Duration idleTimeout, Duration heartbeatInterval,
                           int viewerAlarmQueue, int maxShelveMinutes, int socketSendBufferBytes,
                           int maxConnections, int maxConnectionsPerAddress, Duration requestTimeout) {
    public static final int DEFAULT_MAX_CONNECTIONS = 1_000;
    public static final int DEFAULT_MAX_PER_ADDRESS = 64;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public HttpSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        require(port >= 0 && port <= 65535, "port must be 0..65535: " + port);
        require(maxBodyBytes >= 1024 && maxBodyBytes <= 16 * 1024 * 1024, "maxBodyBytes must be 1 KiB..16 MiB");
        require(positive(sessionTtl), "sessionTtl must be > 0");
        require(positive(sessionIdle), "sessionIdle must be > 0");
        require(maxSessions > 0, "maxSessions must be > 0");
        require(loginFailuresPerMinute > 0, "loginFailuresPerMinute must be > 0");
        require(positive(idleTimeout), "idleTimeout must be > 0");
        require(positive(heartbeatInterval) && heartbeatInterval.compareTo(idleTimeout) < 0,
                "heartbeatInterval must be > 0 and < idleTimeout");
        require(viewerAlarmQueue >= 1, "viewerAlarmQueue must be >= 1");
        require(maxShelveMinutes >= 1 && maxShelveMinutes <= 24 * 60, "maxShelveMinutes must be 1..1440");
        require(socketSendBufferBytes >= 0, "socketSendBufferBytes must be >= 0");
        require(maxConnections >= 1, "maxConnections must be >= 1");
        require(maxConnectionsPerAddress >= 1 && maxConnectionsPerAddress <= maxConnections,
                "maxConnectionsPerAddress must be 1..maxConnections");
        require(positive(requestTimeout), "requestTimeout must be > 0");
    }

    /** The documented defaults. */
    public static HttpSettings defaults() {
        return new HttpSettings("0.0.0.0", 8080, 64 * 1024, Duration.ofHours(12), Duration.ofMinutes(60), 10_000,
                false, false, 5, Duration.ofSeconds(60), Duration.ofSeconds(2), 256, 60, 0, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_PER_ADDRESS, DEFAULT_REQUEST_TIMEOUT);
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(bindAddress, newPort, maxBodyBytes, sessionTtl, sessionIdle, maxSessions, secureCookies,
                metricsRequireAuth, loginFailuresPerMinute, idleTimeout, heartbeatInterval, viewerAlarmQueue,
                maxShelveMinutes, socketSendBufferBytes, maxConnections, maxConnectionsPerAddress, requestTimeout);
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("http settings: " + message);
        }
    }
}
