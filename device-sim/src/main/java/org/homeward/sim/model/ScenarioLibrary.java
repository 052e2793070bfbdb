package org.homeward.sim.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads scenarios by bundled name ({@code scenarios/<name>.yaml} on the class path) or from a
 * YAML file path. Unknown keys are errors, so a typo in a scenario fails loudly.
 */
public final class ScenarioLibrary {
    /** Names of the scenarios shipped in the jar. */
    public static final List<String> BUNDLED = List.of("normal", "crs-grade1", "crs-grade2", "infection-fever",
            "isolated-hypoxaemia", "hypotension", "neurotox", "device-faults", "normal-week");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ScenarioLibrary() {
    }

    /** A bundled scenario by name, or a YAML file if {@code nameOrPath} names an existing file. */
    public static Scenario load(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") || Files.isRegularFile(p)) {
            try (InputStream in = Files.newInputStream(p)) {
                return parse(in, nameOrPath);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read scenario file " + nameOrPath + ": " + e.getMessage(), e);
            }
        }
        String resource = "scenarios/" + nameOrPath + ".yaml";
        try (InputStream in = ScenarioLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("unknown scenario '" + nameOrPath + "'; bundled: " + BUNDLED
                        + " (or give a path to a .yaml file)");
            }
            return parse(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scenario parse(InputStream in, String source) {
        try {
            return YAML.readValue(in, Scenario.class);
        } catch (IOException e) {
            String msg = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getMessage();
            throw new IllegalArgumentException("invalid scenario " + source + ": " + msg, e);
        }
    }
}
