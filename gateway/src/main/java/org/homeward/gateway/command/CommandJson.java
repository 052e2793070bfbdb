package org.homeward.gateway.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The JSON of commands: the payload a device receives (MQTT and CoAP alike), the answer it sends
 * back, and the lines of the command log. Stateless and thread-safe.
 */
public final class CommandJson {
    /** Longest answer detail kept (UTF-16 chars); longer text is cut, not refused. */
    static final int MAX_DETAIL = 200;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CommandJson() {
    }

    /**
     * What the device gets: {@code {"id","command","vital","ttlSeconds","expiresAt"}}. The id is
     * always in the payload, so an MQTT 3.1.1 device (no correlation data) can answer too.
     */
    public static byte[] devicePayload(DeviceCommand c, long now) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", c.id());
        n.put("command", c.command());
        if (c.vital() != null) {
            n.put("vital", c.vital());
        }
        n.put("ttlSeconds", c.remainingSeconds(now));
        n.put("expiresAt", Instant.ofEpochMilli(c.expiresAt()).toString());
        return bytes(n);
    }

    /**
     * A device's answer: {@code {"id": "...", "status": "done"|"refused", "detail": "..."}}; the id
     * may be left out when {@code correlationId} (MQTT 5 correlation data) carries it.
     *
     * @throws IllegalArgumentException with a message fit for the device when the answer is malformed
     */
    public static CommandAnswer parseAnswer(byte[] payload, String correlationId) {
        JsonNode n;
        try {
            n = payload == null || payload.length == 0 ? null : MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("answer is not JSON");
        }
        if (n != null && !n.isObject()) {
            throw new IllegalArgumentException("answer must be a JSON object");
        }
        String id = n != null && n.hasNonNull("id") ? n.get("id").asText() : correlationId;
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("answer names no command: give \"id\" or MQTT 5 correlation data");
        }
        if (correlationId != null && !correlationId.equals(id)) {
            throw new IllegalArgumentException("answer id and correlation data differ");
        }
        String status = n == null || !n.hasNonNull("status") ? null : n.get("status").asText();
        boolean done;
        if ("done".equals(status)) {
            done = true;
        } else if ("refused".equals(status)) {
            done = false;
        } else {
            throw new IllegalArgumentException("answer status must be \"done\" or \"refused\"");
        }
        String detail = n.hasNonNull("detail") ? n.get("detail").asText() : null;
        if (detail != null && detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL);
        }
        return new CommandAnswer(id, done, detail);
    }

    static byte[] logLine(DeviceCommand c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", c.id());
        n.put("patient", c.patientId());
        n.put("device", c.deviceId());
        n.put("command", c.command());
        n.put("vital", c.vital());
        n.put("by", c.requestedBy());
        n.put("createdAt", c.createdAt());
        n.put("expiresAt", c.expiresAt());
        n.put("state", c.state().tag());
        n.put("changedAt", c.changedAt());
        n.put("detail", c.detail());
        byte[] json = bytes(n);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    /** One log line back into a command; throws {@link IllegalArgumentException} on a damaged line. */
    static DeviceCommand fromLogLine(String line) {
        try {
            JsonNode n = MAPPER.readTree(line);
            return new DeviceCommand(n.get("id").asText(), n.get("patient").asText(), n.get("device").asText(),
                    n.get("command").asText(), text(n, "vital"), text(n, "by"), n.get("createdAt").asLong(),
                    n.get("expiresAt").asLong(), CommandState.valueOf(n.get("state").asText().toUpperCase(java.util.Locale.ROOT)),
                    n.get("changedAt").asLong(), text(n, "detail"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("damaged command log line", e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return MAPPER.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree cannot fail to serialise", e);
        }
    }
}
