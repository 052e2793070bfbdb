package org.homeward.gateway.processing;

import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.Reading;

/**
 * Orders the readings of one pack context first: activity, perfusion index, battery, wear and the other
 * non-vital-sign records before the vital signs, each group in its original order. An oximeter that sends
 * {@code spo2} before its own {@code act} would otherwise reach the motion gate one sample late, and its
 * motion artefact would be trusted (docs/clinical.md, "Motion"). Stateless and thread-safe.
 */
public final class PackOrder {
    private PackOrder() {
    }

    /** The same readings, context records first; the list itself when it is already in that order. */
    public static List<Reading> contextFirst(List<Reading> pack) {
        boolean seenVital = false;
        boolean ordered = true;
        for (Reading r : pack) {
            if (r.vital().isVitalSign()) {
                seenVital = true;
            } else if (seenVital) {
                ordered = false;
                break;
            }
        }
        if (ordered) {
            return pack;
        }
        List<Reading> out = new ArrayList<>(pack.size());
        for (Reading r : pack) {
            if (!r.vital().isVitalSign()) {
                out.add(r);
            }
        }
        for (Reading r : pack) {
            if (r.vital().isVitalSign()) {
                out.add(r);
            }
        }
        return out;
    }
}
