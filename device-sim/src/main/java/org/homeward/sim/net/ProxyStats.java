package org.homeward.sim.net;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one impairment proxy, per direction ("up" = device→gateway, "down" = gateway→device).
 * All thread-safe and non-blocking.
 */
public final class ProxyStats {
    public final LongAdder udpUpIn = new LongAdder();
    public final LongAdder udpUpOut = new LongAdder();
    public final LongAdder udpUpLost = new LongAdder();
    public final LongAdder udpDownIn = new LongAdder();
    public final LongAdder udpDownOut = new LongAdder();
    public final LongAdder udpDownLost = new LongAdder();
    /** Datagrams dropped because the link was in an outage (both directions). */
    public final LongAdder udpOutageDropped = new LongAdder();
    public final LongAdder udpSessions = new LongAdder();
    /** New device addresses refused because the session table was full. */
    public final LongAdder udpSessionsRefused = new LongAdder();
    public final LongAdder udpSendErrors = new LongAdder();
    /** Upstream source-port changes (simulated NAT rebinding). */
    public final LongAdder rebinds = new LongAdder();
    public final LongAdder tcpAccepted = new LongAdder();
    public final LongAdder tcpClosed = new LongAdder();
    /** Connections refused or cut because the link was in an outage (drop mode). */
    public final LongAdder tcpOutageDropped = new LongAdder();
    public final LongAdder tcpUpstreamFailed = new LongAdder();
    public final LongAdder tcpBytesUp = new LongAdder();
    public final LongAdder tcpBytesDown = new LongAdder();
    public final LongAdder outages = new LongAdder();

    /** One progress line. */
    public String line() {
        return String.format(Locale.ROOT,
                "tcp conns=%d open=%d up=%dB down=%dB outage-cut=%d upstream-fail=%d | udp sessions=%d up=%d/%d lost=%d "
                        + "down=%d/%d lost=%d outage-drop=%d rebinds=%d | outages=%d",
                tcpAccepted.sum(), tcpAccepted.sum() - tcpClosed.sum(), tcpBytesUp.sum(), tcpBytesDown.sum(),
                tcpOutageDropped.sum(), tcpUpstreamFailed.sum(), udpSessions.sum(), udpUpOut.sum(), udpUpIn.sum(),
                udpUpLost.sum(), udpDownOut.sum(), udpDownIn.sum(), udpDownLost.sum(), udpOutageDropped.sum(),
                rebinds.sum(), outages.sum());
    }
}
