package org.homeward.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A response to write, independent of Netty's buffers.
 *
 * @param route   route template for the request counter (low cardinality, e.g. {@code /api/patients/{id}})
 * @param headers extra headers as name/value pairs (a name may repeat, e.g. Set-Cookie)
 */
record WebResponse(String route, HttpResponseStatus status, String contentType, byte[] body,
                   List<Map.Entry<String, String>> headers) {
    static final String JSON = "application/json; charset=utf-8";

    WebResponse {
        headers = List.copyOf(headers);
    }

    static WebResponse json(HttpResponseStatus status, JsonNode node) {
        try {
            return new WebResponse("", status, JSON, JsonViews.MAPPER.writeValueAsBytes(node), List.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree cannot fail to serialise", e);
        }
    }

    static WebResponse ok(JsonNode node) {
        return json(HttpResponseStatus.OK, node);
    }

    /** An error with a stable machine code and a human message; never any patient data. */
    static WebResponse error(HttpResponseStatus status, String code, String message) {
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("error", code);
        n.put("message", message);
        return json(status, n);
    }

    static WebResponse redirect(String location) {
        return new WebResponse("", HttpResponseStatus.SEE_OTHER, "text/plain; charset=utf-8",
                ("See " + location).getBytes(StandardCharsets.UTF_8), List.of(Map.entry("Location", location)));
    }

    WebResponse withRoute(String r) {
        return new WebResponse(r, status, contentType, body, headers);
    }

    WebResponse withHeader(String name, String value) {
        List<Map.Entry<String, String>> h = new ArrayList<>(headers);
        h.add(Map.entry(name, value));
        return new WebResponse(route, status, contentType, body, h);
    }
}
