package org.homeward.sim.net;

/** What a TCP connection experiences during an outage. */
public enum TcpOutageMode {
    /** Bytes are held and delivered when the link is back (a short coverage gap; keep-alives may expire). */
    STALL,
    /** Every connection is cut at the outage start and new ones are refused until it ends (re-attach). */
    DROP
}
