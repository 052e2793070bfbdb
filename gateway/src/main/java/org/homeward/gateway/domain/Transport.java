package org.homeward.gateway.domain;

/** How a reading reached the gateway; a low-cardinality metric tag. */
public enum Transport {
    MQTT, COAP, HTTP, SIMULATED;

    public String tag() { return name().toLowerCase(java.util.Locale.ROOT); }
}
