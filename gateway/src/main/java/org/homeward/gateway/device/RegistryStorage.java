package org.homeward.gateway.device;

import java.util.function.UnaryOperator;

/**
 * Where the registry document lives and how it is changed: the local file ({@link RegistryStore},
 * the single-process default) or, in cluster mode, the cluster's registry topic (a compare-and-set
 * through the log). {@link RegistryAdmin} and its helpers write only through this, so the command
 * line and the admin API behave the same on one node and on a cluster.
 *
 * <p>{@link #update} may call {@code change} more than once (a cluster write retried after another
 * writer won the race): a change must be a function of the data it is given, and whatever it
 * records on the side must be overwritten, not accumulated, by each call. A change that throws
 * writes nothing. Blocking (disk or network).
 */
public interface RegistryStorage {
    /** The registry in force now (empty when none yet). */
    RegistryData read();

    /** Applies {@code change} to the registry in force, atomically with respect to other writers; returns the new content. */
    RegistryData update(UnaryOperator<RegistryData> change);
}
