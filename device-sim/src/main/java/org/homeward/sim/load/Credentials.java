package org.homeward.sim.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Device credentials the gateway CLI printed: a JSON array {@code [{"deviceId","secret","patientId","kind"}]}
 * (as written by collecting {@code devices add}) or JSON lines (as printed by {@code devices add-bulk}).
 */
record Credentials(String deviceId, String secret, String patientId, String kind) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Credentials> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses an array or JSON lines; a record without deviceId or secret is refused with its position. */
    static List<Credentials> parse(String text) throws IOException {
        List<Credentials> out = new ArrayList<>();
        String trimmed = text.strip();
        if (trimmed.startsWith("[")) {
            int i = 0;
            for (JsonNode n : JSON.readTree(trimmed)) {
                out.add(of(n, "element " + i++));
            }
        } else {
            int line = 0;
            for (String l : trimmed.split("\n")) {
                line++;
                if (!l.isBlank()) {
                    out.add(of(JSON.readTree(l), "line " + line));
                }
            }
        }
        return out;
    }

    private static Credentials of(JsonNode n, String where) {
        String id = n.path("deviceId").asText("");
        String secret = n.path("secret").asText("");
        if (id.isEmpty() || secret.isEmpty()) {
            throw new IllegalArgumentException("credentials " + where + ": deviceId and secret are required");
        }
        return new Credentials(id, secret, n.path("patientId").asText(""), n.path("kind").asText(""));
    }

    String topic() {
        return "v1/devices/" + deviceId + "/senml";
    }
}
