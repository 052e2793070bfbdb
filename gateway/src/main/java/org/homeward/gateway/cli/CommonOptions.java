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

    private final Map<String, String> overrides = new LinkedHashMap<>();

    /**
     * Collects every {@code --set}, before and after the subcommand. Picocli gives an inherited option one
     * value holder per command and starts a fresh map at each command's first match; a map field would keep
     * only the last command's {@code --set}s (so {@code --set data.dir=X patients add --set k=v} lost
     * {@code data.dir} and wrote to the default directory). A setter that adds to one map keeps them all;
     * a later value for the same key wins.
     */
    @Option(names = "--set", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT, description = "Override a setting, e.g. --set mqtt.port=18830 (repeatable)")
    void set(Map<String, String> values) {
        overrides.putAll(values);
    }

    /** Loads the configuration; throws ConfigException listing every problem. */
    public GatewayConfig load() {
        return ConfigLoader.load(config, overrides, System.getenv());
    }
}
