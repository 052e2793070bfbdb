package org.homeward.gateway.ingest;

/** What a device is sending: measurements, or its own status (battery, signal, wear, offline notice). */
public enum Channel {
    SENML, STATUS
}
