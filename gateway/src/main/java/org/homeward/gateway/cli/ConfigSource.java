package org.homeward.gateway.cli;

import org.homeward.gateway.config.GatewayConfig;
import org.homeward.gateway.device.RegistryStorage;

/** Implemented by the top command: loads the settings named by its inherited --config/--set. */
public interface ConfigSource {
    GatewayConfig loadConfig();

    /**
     * Where the admin commands read and change the registry under {@code cfg}: null = the local file
     * under {@code data.dir} (the single-process default); in cluster mode the cluster's registry.
     */
    default RegistryStorage clusterRegistry(GatewayConfig cfg) {
        return null;
    }
}
