package org.homeward.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nurse view's files, read once from the class path ({@code /web/}) at start-up. The list is
 * fixed so nothing else on the class path can be served. The files hold no patient data, so
 * everything except the page itself is served without sign-in.
 */
final class StaticFiles {
    static final String INDEX = "index.html";
    static final String LOGIN = "login.html";
    private static final List<String> FILES = List.of(INDEX, LOGIN, "style.css", "login.js", "app.js", "live.js",
            "board.js", "alarms.js", "patient.js", "trend.js", "tone.js", "dom.js", "history.js", "admin.html", "admin.js");

    /** One file. */
    record File(String contentType, byte[] body) {
    }

    private final Map<String, File> files = new HashMap<>();

    StaticFiles() {
        for (String name : FILES) {
            try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("nurse view file missing from the class path: web/" + name);
                }
                files.put(name, new File(contentType(name), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A public asset by request path, e.g. {@code /app.js}; never the page itself. */
    Optional<File> asset(String path) {
        String name = path.startsWith("/") ? path.substring(1) : path;
        if (name.equals(INDEX)) {
            return Optional.empty();
        }
        return Optional.ofNullable(files.get(name));
    }

    File get(String name) {
        return files.get(name);
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/javascript; charset=utf-8";
    }
}
