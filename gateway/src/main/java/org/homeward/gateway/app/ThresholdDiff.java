package org.homeward.gateway.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.domain.ThresholdValues;

/** Describes a threshold change for the audit log, e.g. {@code "feverC 38.0→38.5; news2Spo2Scale 1→2"}. */
final class ThresholdDiff {
    private ThresholdDiff() {
    }

    static String describe(ThresholdValues before, ThresholdValues after) {
        Map<String, Number> b = before.asMap();
        List<String> parts = new ArrayList<>();
        after.asMap().forEach((k, v) -> {
            if (v.doubleValue() != b.get(k).doubleValue()) {
                parts.add(k + " " + b.get(k) + "→" + v);
            }
        });
        return parts.isEmpty() ? "no value changed" : String.join("; ", parts);
    }
}
