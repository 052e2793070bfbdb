package org.homeward.sim.entries;

import java.time.Instant;
import java.util.Locale;
import org.homeward.sim.model.Emission;
import org.homeward.sim.model.Rec;

/**
 * Turns a scenario's manual-entry emission (channel EVENT, one record) into the body of the
 * gateway's {@code POST /api/patients/{id}/entries}: record {@code ice} → {@code ICE_SCORE},
 * {@code acvpu} → {@code ACVPU} (0–4 = A C V P U), {@code o2} → {@code SUPPLEMENTAL_OXYGEN} (L/min);
 * the record's time becomes {@code at} (ISO-8601, millisecond precision).
 */
final class ManualEntryJson {
    /** One entry ready to post. */
    record Entry(String patientId, String kind, String json) {
    }

    private ManualEntryJson() {
    }

    /** The entry, or null when the emission is not a manual entry the API knows. */
    static Entry of(Emission e) {
        if (e.pack().records().isEmpty()) {
            return null;
        }
        Rec r = e.pack().records().get(0);
        if (r.value() == null) {
            return null;
        }
        String kind = switch (r.name()) {
            case "ice" -> "ICE_SCORE";
            case "acvpu" -> "ACVPU";
            case "o2" -> "SUPPLEMENTAL_OXYGEN";
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        long ms = Math.round(r.time() * 1000);
        String value = r.value() == Math.rint(r.value()) ? Long.toString(r.value().longValue())
                : String.format(Locale.ROOT, "%.2f", r.value());
        return new Entry(e.patientId(), kind, "{\"kind\":\"" + kind + "\",\"value\":" + value + ",\"at\":\""
                + Instant.ofEpochMilli(ms) + "\"}");
    }
}
