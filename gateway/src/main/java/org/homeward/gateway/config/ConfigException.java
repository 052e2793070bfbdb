package org.homeward.gateway.config;

import java.util.List;

/** A configuration that must not be started with; lists every problem found, not just the first. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    /** One line each: where (file or --set or environment), key, value, why. */
    public List<String> problems() {
        return problems;
    }
}
