package org.homeward.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Reads a request body as one JSON object with typed, bounded fields; every mistake is a {@link BadRequest}. */
final class JsonBody {
    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /** An empty body reads as {@code {}}. */
    static JsonBody parse(WebRequest req) {
        String type = req.header("Content-Type");
        if (req.body().length == 0) {
            return new JsonBody(JsonViews.MAPPER.createObjectNode());
        }
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new BadRequest("unsupported_media_type", "body must be application/json");
        }
        JsonNode n;
        try {
            n = JsonViews.MAPPER.readTree(req.body());
        } catch (JsonProcessingException e) {
            throw new BadRequest("bad_json", "body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new BadRequest("bad_json", "body is not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new BadRequest("bad_json", "body must be a JSON object");
        }
        return new JsonBody((ObjectNode) n);
    }

    /** Optional text, trimmed, at most {@code max} characters; null when absent or blank. */
    String text(String field, int max) {
        String raw = rawText(field, Integer.MAX_VALUE);
        if (raw == null) {
            return null;
        }
        String s = raw.trim();
        if (s.length() > max) {
            throw new BadRequest("bad_field", field + " must be at most " + max + " characters");
        }
        return s.isEmpty() ? null : s;
    }

    /** Optional text exactly as sent (not trimmed, e.g. a password), at most {@code max} characters; null when absent. */
    String rawText(String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequest("bad_field", field + " must be a string");
        }
        if (v.asText().length() > max) {
            throw new BadRequest("bad_field", field + " must be at most " + max + " characters");
        }
        return v.asText();
    }

    /** Optional number within [min, max]; NaN when absent. */
    double number(String field, double min, double max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new BadRequest("bad_field", field + " must be a number");
        }
        double d = v.asDouble();
        if (!(d >= min && d <= max)) {
            throw new BadRequest("bad_field", field + " must be between " + fmt(min) + " and " + fmt(max));
        }
        return d;
    }

    /** Every field name in the body, in order. */
    java.util.List<String> fieldNames() {
        java.util.List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
