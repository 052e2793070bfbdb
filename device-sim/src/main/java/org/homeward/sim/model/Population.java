package org.homeward.sim.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Assigns scenarios to patients from a mix such as {@code normal:7,crs-grade1:2,hypotension:1}
 * (weights; a bare name has weight 1). Counts use largest remainders, and the order is shuffled
 * with the seed, so the same seed and mix always give the same assignment.
 */
public final class Population {
    private Population() {
    }

    /** Parses a mix into scenario name/path → weight, in the order given. */
    public static Map<String, Double> parseMix(String mix) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String part : mix.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.lastIndexOf(':');
            String name = colon > 0 && p.substring(colon + 1).matches("[0-9.]+") ? p.substring(0, colon) : p;
            double w = name.equals(p) ? 1.0 : Double.parseDouble(p.substring(colon + 1));
            if (!(w >= 0)) {
                throw new IllegalArgumentException("bad weight in scenario mix: " + p);
            }
            out.merge(name, w, Double::sum);
        }
        if (out.isEmpty() || out.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("empty scenario mix '" + mix + "'");
        }
        return out;
    }

    /** Scenario name for each of {@code n} patients. */
    public static List<String> assign(Map<String, Double> mix, int n, long seed) {
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        List<String> names = new ArrayList<>(mix.keySet());
        int[] counts = new int[names.size()];
        double[] rem = new double[names.size()];
        int given = 0;
        for (int i = 0; i < names.size(); i++) {
            double exact = n * mix.get(names.get(i)) / total;
            counts[i] = (int) Math.floor(exact);
            rem[i] = exact - counts[i];
            given += counts[i];
        }
        while (given < n) {
            int best = 0;
            for (int i = 1; i < rem.length; i++) {
                if (rem[i] > rem[best]) {
                    best = i;
                }
            }
            counts[best]++;
            rem[best] = -1;
            given++;
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < names.size(); i++) {
            out.addAll(Collections.nCopies(counts[i], names.get(i)));
        }
        Collections.shuffle(out, new Random(Seeds.mix(seed ^ 0x5CE7A210L)));
        return out;
    }
}
