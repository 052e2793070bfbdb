package org.homeward.sim;

import org.homeward.sim.model.Emission;

/**
 * Receives manual entries of the scenario (ICE neuro-checks) as they fall due. Today they are only
 * counted and logged; a later version posts them to the gateway's HTTP API. Called on the player
 * thread; must not block for long.
 */
@FunctionalInterface
public interface ManualEntrySink {
    void accept(Emission entry);
}
