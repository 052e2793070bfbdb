package org.homeward.gateway.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.domain.Alarm;

/**
 * {@code GET /api/patients/{id}/alarms?since=}: the patient's alarms (open, and closed ones changed
 * since {@code since}), newest change first, each with its transitions oldest first (state,
 * priority, escalation level, who, note, when).
 */
final class AlarmHistoryView {
    private AlarmHistoryView() {
    }

    static ObjectNode render(String patientId, long since, List<Alarm> transitions, long now) {
        Map<String, List<Alarm>> byId = new LinkedHashMap<>();
        for (Alarm a : transitions) {
            byId.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(a);
        }
        List<List<Alarm>> kept = new ArrayList<>();
        for (List<Alarm> values : byId.values()) {
            values.sort(Comparator.comparingLong(Alarm::changedAtMillis));
            Alarm last = values.get(values.size() - 1);
            if (last.isOpen() || last.changedAtMillis() >= since) {
                kept.add(values);
            }
        }
        kept.sort(Comparator.comparingLong((List<Alarm> l) -> l.get(l.size() - 1).changedAtMillis()).reversed());
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("patient", patientId);
        JsonViews.putTime(n, "since", since);
        n.put("serverTime", now);
        ArrayNode arr = n.putArray("alarms");
        for (List<Alarm> values : kept) {
            ObjectNode a = JsonViews.alarm(values.get(values.size() - 1), now);
            ArrayNode tr = a.putArray("transitions");
            for (Alarm v : values) {
                ObjectNode t = tr.addObject();
                t.put("state", v.state().name());
                t.put("priority", v.priority().name());
                t.put("escalationLevel", v.escalationLevel());
                t.put("user", v.user());
                t.put("note", v.note());
                JsonViews.putTime(t, "at", v.changedAtMillis());
            }
            arr.add(a);
        }
        return n;
    }
}
