package org.homeward.sim.model;

import java.util.List;

/** A SenML pack before encoding: base name (ends with ':') and records, times absolute. */
public record Pack(String baseName, List<Rec> records) {
    public Pack {
        records = List.copyOf(records);
    }
}
