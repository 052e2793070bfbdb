package org.homeward.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nurse view's files, read once from the class path at start-up: our own files from
 * {@code /web/}, and third-party files from WebJars ({@code META-INF/resources/webjars/…}, e.g.
 * uPlot for the trend charts) at their versioned paths. The list is fixed so nothing else on the
 * class path can be served. The files hold no patient data, so everything except the page itself
 * is served without sign-in. Our files change with every release and are never cached; WebJar
 * files have the version in their path and are cached for a year ({@code immutable}).
 */
final class StaticFiles {
    static final String INDEX = "index.html";
    static final String LOGIN = "login.html";
    private static final List<String> FILES = List.of(INDEX, LOGIN, "style.css", "login.js", "app.js", "live.js",
            "board.js", "alarms.js", "patient.js", "trend.js", "spark.js", "tone.js", "dom.js",
            "history.js", "commands.js", "admin.html", "admin.js");
    /** Served under {@code /webjars/…}; the version is part of the path the page imports. */
    static final List<String> WEBJAR_FILES = List.of("webjars/uplot/1.6.30/dist/uPlot.esm.js",
            "webjars/uplot/1.6.30/dist/uPlot.min.css");
    static final String NO_STORE = "no-store";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** One file and how long a browser may keep it. */
    record File(String contentType, byte[] body, String cacheControl) {
    }

    private final Map<String, File> files = new HashMap<>();

    StaticFiles() {
        FILES.forEach(name -> files.put(name, new File(contentType(name), read("/web/" + name), NO_STORE)));
        WEBJAR_FILES.forEach(path -> files.put(path,
                new File(contentType(path), read("/META-INF/resources/" + path), IMMUTABLE)));
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("nurse view file missing from the class path: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
