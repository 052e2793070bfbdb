package org.homeward.gateway.domain;

import java.util.List;
import java.util.Map;

/**
 * A NEWS2 aggregate (clinical-spec §2).
 *
 * @param total     aggregate of the parameters that could be scored
 * @param partial   true when any parameter is missing or stale; the total is then a lower bound
 * @param missing   parameter names missing or stale, e.g. {@code ["consciousness", "oxygen"]}
 * @param parts     score per parameter present, e.g. {@code {"temp": 1, "spo2": 3}}
 * @param anyThree  true when a single parameter scores 3 (a "red score")
 * @param spo2Scale SpO2 scale used, 1 (default) or 2 (hypercapnic respiratory failure, §2)
 */
public record News2(int total, boolean partial, List<String> missing, Map<String, Integer> parts, boolean anyThree,
                    int spo2Scale) {
    public News2 {
        missing = List.copyOf(missing);
        parts = Map.copyOf(parts);
    }

    /** A Scale 1 score. */
    public News2(int total, boolean partial, List<String> missing, Map<String, Integer> parts, boolean anyThree) {
        this(total, partial, missing, parts, anyThree, 1);
    }
}
