package org.homeward.gateway.web;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request copied off Netty's buffers at the edge, so nothing downstream holds a
 * reference-counted buffer and the request may cross threads.
 *
 * @param method  upper-case method
 * @param path    decoded path without query
 * @param query   decoded query parameters
 * @param headers a private copy of the headers
 * @param body    the aggregated body (may be empty)
 * @param remote  remote IP address (for throttling; never logged at INFO)
 * @param tls     true when the connection is TLS
 */
record WebRequest(String method, String path, Map<String, List<String>> query, HttpHeaders headers, byte[] body,
                  String remote, boolean tls) {

    String header(CharSequence name) {
        return headers.get(name);
    }

    String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The request comes from this host (a local probe): its remote address is a loopback literal. */
    boolean fromLoopback() {
        return remote.equals("127.0.0.1") || remote.startsWith("127.") || remote.equals("0:0:0:0:0:0:0:1")
                || remote.equals("::1");
    }

    boolean isStateChanging() {
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }

    /** Pages (as opposed to API calls) redirect to the login page instead of answering 401. */
    boolean wantsHtml() {
        String accept = header("Accept");
        return !path.startsWith("/api/") && accept != null && accept.contains("text/html");
    }
}
