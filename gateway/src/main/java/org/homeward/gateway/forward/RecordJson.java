package org.homeward.gateway.forward;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;

/**
 * The one JSON shape of a forwarded record, shared by the MQTT and Kafka sinks and the dead-letter
 * file (schema in docs/forwarding.md, {@code "schema": "homeward.forward/1"}). Thread-safe.
 */
public final class RecordJson {
    /** Value of the {@code schema} field; bump on incompatible change. */
    public static final String SCHEMA = "homeward.forward/1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordJson() {
    }

    /** The record as a JSON object node. */
    public static ObjectNode toNode(ForwardRecord record) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema", SCHEMA);
        n.put("key", record.idempotencyKey());
        n.put("sequence", record.sequence());
        n.put("type", record.type() == ForwardRecord.Type.READING ? "reading" : "alarm");
        if (record.type() == ForwardRecord.Type.READING) {
            reading(n, record.reading());
        } else {
            alarm(n, record.alarm());
        }
        return n;
    }

    /** The record as UTF-8 JSON bytes. */
    public static byte[] toBytes(ForwardRecord record) {
        try {
            return MAPPER.writeValueAsBytes(toNode(record));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise record", e);
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    private static void reading(ObjectNode n, Reading r) {
        n.put("patient", r.patientId());
        n.put("device", r.deviceId());
        n.put("vital", r.vital().senmlName());
        n.put("value", r.value());
        n.put("unit", r.vital().ucum());
        if (r.vital().loinc() != null) {
            n.put("loinc", r.vital().loinc());
        }
        n.put("measuredAt", Instant.ofEpochMilli(r.measuredAtMillis()).toString());
        n.put("receivedAt", Instant.ofEpochMilli(r.receivedAtMillis()).toString());
        n.put("quality", r.quality().name());
        n.put("late", r.late());
    }

    private static void alarm(ObjectNode n, Alarm a) {
        n.put("alarmId", a.id());
        n.put("patient", a.patientId());
        n.put("rule", a.rule());
        n.put("kind", a.kind().name());
        n.put("priority", a.priority().name());
        n.put("state", a.state().name());
        n.put("onsetAt", Instant.ofEpochMilli(a.onsetMillis()).toString());
        n.put("changedAt", Instant.ofEpochMilli(a.changedAtMillis()).toString());
        n.put("escalationLevel", a.escalationLevel());
        putNullable(n, "user", a.user());
        putNullable(n, "note", a.note());
        putNullable(n, "evidence", a.evidence());
        putNullable(n, "device", a.deviceId());
    }

    private static void putNullable(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
