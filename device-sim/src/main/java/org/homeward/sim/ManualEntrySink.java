package org.homeward.sim;

import org.homeward.sim.model.Emission;

/**
 * Receives manual entries of the scenario (ICE neuro-checks) as they fall due: counted by {@code run},
 * posted to the gateway's JSON API ({@code entries.HttpEntrySink}) and/or appended to a file
 * ({@code entries.JsonLinesEntrySink}). Called on the player thread; must not block and must not throw.
 */
@FunctionalInterface
public interface ManualEntrySink {
    void accept(Emission entry);
}
