package org.homeward.gateway.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.homeward.gateway.config.ConfigLoader;
import org.homeward.gateway.config.GatewayConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code --config} and {@code --set}: declared once on the top command and inherited by every subcommand. */
public final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT, description = "Settings file (default: ${DEFAULT-VALUE})",
            defaultValue = "config/gateway.yaml")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT, description = "Override a setting, e.g. --set mqtt.port=18830 (repeatable)")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** Loads the configuration; throws ConfigException listing every problem. */
    public GatewayConfig load() {
        return ConfigLoader.load(config, overrides, System.getenv());
    }
}
