package org.homeward.sim.model;

/** Where an emission goes: measurement packs, status packs, or manual entries (not sent by devices). */
public enum Channel {
    SENML, STATUS, EVENT
}
