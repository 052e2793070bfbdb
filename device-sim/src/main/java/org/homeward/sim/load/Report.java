package org.homeward.sim.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The results of one run: command line, machine, settings and one map of figures per phase; JSON and Markdown. */
final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final List<Map<String, Object>> phases = new ArrayList<>();

    Report(String command, Map<String, Object> settings) {
        root.put("command", command);
        root.put("machine", machine());
        root.put("settings", settings);
        root.put("phases", phases);
    }

    Map<String, Object> phase(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("phase", name);
        phases.add(p);
        return p;
    }

    List<Map<String, Object>> phases() {
        return phases;
    }

    /** Latency summary in milliseconds (µs recorded). */
    static Map<String, Object> latency(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50_ms", ms(h.getValueAtPercentile(50)));
        m.put("p90_ms", ms(h.getValueAtPercentile(90)));
        m.put("p99_ms", ms(h.getValueAtPercentile(99)));
        m.put("p99_9_ms", ms(h.getValueAtPercentile(99.9)));
        m.put("max_ms", ms(h.getMaxValue()));
        return m;
    }

    private static double ms(long micros) {
        return Math.round(micros / 1.0) / 1000.0;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", count("/proc/cpuinfo", "processor"));
        m.put("cpuModel", first("/proc/cpuinfo", "model name"));
        m.put("kernel", read("/proc/sys/kernel/osrelease"));
        m.put("loadAverage", read("/proc/loadavg"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("transport", Transport.name());
        return m;
    }

    String json() throws IOException {
        root.put("loadAverageAtEnd", read("/proc/loadavg"));
        return JSON.writeValueAsString(root);
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("Command: `").append(root.get("command")).append("`\n\n");
        b.append("Machine: ").append(root.get("machine")).append("\n\n");
        for (Map<String, Object> p : phases) {
            b.append("| ").append(p.get("phase")).append(" | value |\n|---|---|\n");
            flatten("", p, b);
            b.append('\n');
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> m, StringBuilder b) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if ("phase".equals(e.getKey())) {
                continue;
            }
            if (e.getValue() instanceof Map<?, ?> sub) {
                flatten(prefix + e.getKey() + ".", (Map<String, Object>) sub, b);
            } else {
                b.append("| ").append(prefix).append(e.getKey()).append(" | ").append(format(e.getValue())).append(" |\n");
            }
        }
    }

    static String format(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format("%,d", d.longValue()) : String.format("%,.3f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format("%,d", ((Number) v).longValue());
        }
        return String.valueOf(v);
    }

    void write(Path prefix) throws IOException {
        if (prefix.getParent() != null) {
            Files.createDirectories(prefix.getParent());
        }
        Files.writeString(Path.of(prefix + ".json"), json());
        Files.writeString(Path.of(prefix + ".md"), markdown());
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long count(String file, String key) {
        return read(file).lines().filter(l -> l.startsWith(key)).count();
    }

    private static String first(String file, String key) {
        return read(file).lines().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst().orElse("unknown");
    }
}
