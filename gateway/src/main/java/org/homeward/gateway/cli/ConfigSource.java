package org.homeward.gateway.cli;

import org.homeward.gateway.config.GatewayConfig;

/** Implemented by the top command: loads the settings named by its inherited --config/--set. */
public interface ConfigSource {
    GatewayConfig loadConfig();
}
