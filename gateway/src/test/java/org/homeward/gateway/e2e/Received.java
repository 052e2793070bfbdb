package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One record as a receiver saw it, whatever the sink (FHIR Observation/Flag, MQTT or Kafka JSON),
 * plus the checks every sink must pass: deduplicated by idempotency key, readings equal to what
 * devices got a PUBACK for, per-patient journal order of first arrivals, codes and units.
 */
record Received(String key, String type, String patient, String device, String vital, double value, String unit,
                String loinc, String rule) {

    /** A reading's identity as the device knows it: device id and the value it encoded (×1000). */
    record Sent(String device, long milli) {
        static Sent of(String device, double value) {
            return new Sent(device, Math.round(value * 1000));
        }
    }

    static Received fromJson(JsonNode n) {
        return new Received(n.path("key").asText(), n.path("type").asText(), n.path("patient").asText(),
                n.path("device").asText(null), n.path("vital").asText(null), n.path("value").asDouble(Double.NaN),
                n.path("unit").asText(null), n.path("loinc").asText(null), n.path("rule").asText(null));
    }

    /** {@code <gatewayId>-<sequence>-<index>} → {sequence, index}; gateway ids may contain dashes. */
    long[] position() {
        int last = key.lastIndexOf('-');
        int prev = key.lastIndexOf('-', last - 1);
        return new long[] {Long.parseLong(key.substring(prev + 1, last)), Long.parseLong(key.substring(last + 1))};
    }

    /** First arrival per key, in arrival order. */
    static List<Received> dedupe(List<Received> arrivals) {
        Map<String, Received> first = new LinkedHashMap<>();
        for (Received r : arrivals) {
            first.putIfAbsent(r.key(), r);
        }
        return new ArrayList<>(first.values());
    }

    /** The temperature readings (the ones carrying the device's identifying value) as sent identities. */
    static Set<Sent> temps(List<Received> deduped) {
        Set<Sent> out = new HashSet<>();
        for (Received r : deduped) {
            if ("reading".equals(r.type()) && "temp".equals(r.vital())) {
                assertThat(out.add(Sent.of(r.device(), r.value())))
                        .as("one reading under two keys (journaled twice): %s", r).isTrue();
            }
        }
        return out;
    }

    /** Per patient and type, first arrivals are in journal order (key sequence, then index). */
    static void assertPatientOrder(String sink, List<Received> deduped) {
        Map<String, long[]> last = new HashMap<>();
        for (Received r : deduped) {
            long[] pos = r.position();
            long[] prev = last.put(r.patient() + "/" + r.type(), pos);
            if (prev != null) {
                assertThat(prev[0] < pos[0] || (prev[0] == pos[0] && prev[1] < pos[1]))
                        .as("%s: %s %s arrived after %s-%s", sink, r.patient(), r.key(), prev[0], prev[1]).isTrue();
            }
        }
    }

    /** LOINC code and UCUM unit of the readings this workload sends. */
    static void assertCodesAndUnits(String sink, List<Received> deduped) {
        Map<String, String[]> expected = Map.of("temp", new String[] {"8310-5", "Cel"},
                "hr", new String[] {"8867-4", "/min"}, "spo2", new String[] {"2708-6", "%"});
        for (Received r : deduped) {
            String[] e = "reading".equals(r.type()) && r.vital() != null ? expected.get(r.vital()) : null;
            if (e != null) {
                assertThat(new String[] {r.loinc(), r.unit()}).as("%s %s", sink, r).containsExactly(e);
            }
        }
    }
}
