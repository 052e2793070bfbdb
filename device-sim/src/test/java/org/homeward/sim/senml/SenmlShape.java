package org.homeward.sim.senml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An independent SenML (RFC 8428) shape check for this project's vitals, written from
 * clinical-spec §3.5 rather than from the encoder: returns the list of violations (empty = valid).
 */
final class SenmlShape {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:./_-]*");
    private static final Set<String> LABELS = Set.of("bn", "bt", "bu", "bv", "bs", "bver", "n", "u", "v", "vs", "vb",
            "vd", "s", "t", "ut");
    /** Accepted units per record name (the SenML registry units the spec prescribes). */
    private static final Map<String, Set<String>> UNITS = Map.ofEntries(
            Map.entry("temp", Set.of("Cel")), Map.entry("spo2", Set.of("/")), Map.entry("hr", Set.of("1/s", "beat/min")),
            Map.entry("pr", Set.of("1/s", "beat/min")), Map.entry("rr", Set.of("1/s", "1/min")),
            Map.entry("sbp", Set.of("Pa")), Map.entry("dbp", Set.of("Pa")), Map.entry("pi", Set.of("/")),
            Map.entry("act", Set.of("m/s2", "count")), Map.entry("bat", Set.of("%EL", "EL")),
            Map.entry("rssi", Set.of("dBW")), Map.entry("weight", Set.of("kg")));
    private static final double TWO_POW_28 = 268_435_456d;

    private SenmlShape() {
    }

    static List<String> violations(JsonNode pack) {
        List<String> out = new ArrayList<>();
        if (pack == null || !pack.isArray() || pack.isEmpty()) {
            out.add("not a non-empty array");
            return out;
        }
        String bn = "";
        double bt = 0;
        for (JsonNode r : pack) {
            if (!r.isObject()) {
                out.add("record is not an object");
                continue;
            }
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!LABELS.contains(f) && f.endsWith("_")) {
                    out.add("unknown must-understand field " + f);
                }
            }
            if (r.has("bn")) {
                bn = r.get("bn").asText();
            }
            if (r.has("bt")) {
                bt = r.get("bt").asDouble();
            }
            String n = r.path("n").asText("");
            String name = bn + n;
            if (!NAME.matcher(name).matches()) {
                out.add("bad name '" + name + "'");
            }
            double t = bt + r.path("t").asDouble(0);
            if (t < TWO_POW_28) {
                out.add("time not absolute: " + t);
            }
            int values = (r.has("v") ? 1 : 0) + (r.has("vb") ? 1 : 0) + (r.has("vs") ? 1 : 0) + (r.has("vd") ? 1 : 0);
            if (values != 1 && !r.has("s")) {
                out.add(n + ": needs exactly one value");
            }
            if (r.has("v") && !r.get("v").isNumber()) {
                out.add(n + ": v is not a number");
            }
            if (r.has("ut") && !(r.get("ut").asDouble() > 0)) {
                out.add(n + ": ut must be > 0");
            }
            checkUnitAndRange(n, r, out);
        }
        return out;
    }

    private static void checkUnitAndRange(String n, JsonNode r, List<String> out) {
        Set<String> units = UNITS.get(n);
        if (units == null || !r.has("v")) {
            return;
        }
        String u = r.path("u").asText("");
        if (!units.contains(u)) {
            out.add(n + ": unit '" + u + "' not in " + units);
            return;
        }
        double v = r.get("v").asDouble();
        boolean ok = switch (n) {
            case "temp" -> v >= 20 && v <= 45;
            case "spo2", "pi" -> v >= 0 && v <= 1;
            case "hr", "pr" -> u.equals("1/s") ? v * 60 >= 20 && v * 60 <= 300 : v >= 20 && v <= 300;
            case "rr" -> u.equals("1/s") ? v * 60 >= 3 && v * 60 <= 70 : v >= 3 && v <= 70;
            case "sbp" -> v / 133.322387415 >= 50 && v / 133.322387415 <= 300;
            case "dbp" -> v / 133.322387415 >= 20 && v / 133.322387415 <= 200;
            case "bat" -> v >= 0 && v <= 100;
            default -> true;
        };
        if (!ok) {
            out.add(n + ": value " + v + " " + u + " outside the plausible range");
        }
    }
}
