package org.homeward.sim.model;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which normal packs of a device are duplicated, malformed or swapped with their successor.
 * Positions count the device's normally sent packs (0-based); the three sets are disjoint, so the
 * configured counts are met exactly.
 */
final class FaultPicks {
    final Set<Integer> duplicates = new HashSet<>();
    final Map<Integer, Malformation> malformed = new HashMap<>();
    final Set<Integer> reorders = new HashSet<>();

    static FaultPicks pick(int normalPacks, int dup, int mal, int reorder, SplittableRandom r, String who) {
        FaultPicks p = new FaultPicks();
        int needed = dup + mal + 2 * reorder;
        if (needed == 0) {
            return p;
        }
        if (needed * 3 > normalPacks) {
            throw new IllegalArgumentException(who + ": " + needed + " faulty packs requested but only "
                    + normalPacks + " normal packs in the run (need at least 3x as many)");
        }
        Set<Integer> used = new HashSet<>();
        while (p.reorders.size() < reorder) {
            int j = r.nextInt(normalPacks - 1);
            if (!used.contains(j) && !used.contains(j + 1) && !used.contains(j - 1) && !used.contains(j + 2)) {
                p.reorders.add(j);
                used.add(j);
                used.add(j + 1);
            }
        }
        while (p.duplicates.size() < dup) {
            int j = r.nextInt(normalPacks);
            if (used.add(j)) {
                p.duplicates.add(j);
            }
        }
        Malformation[] kinds = Malformation.values();
        int n = 0;
        while (n < mal) {
            int j = r.nextInt(normalPacks);
            if (used.add(j)) {
                p.malformed.put(j, kinds[n % kinds.length]);
                n++;
            }
        }
        return p;
    }
}
