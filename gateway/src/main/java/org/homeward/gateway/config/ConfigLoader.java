package org.homeward.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads settings from, in rising precedence: defaults, the YAML file, the environment
 * ({@code HOMEWARD_MQTT_PORT} for {@code mqtt.port}; dots and dashes become underscores) and
 * {@code --set key=value}. Unknown keys, wrong types and out-of-range values are all collected and
 * thrown together as a {@link ConfigException}: a medical gateway never falls back to a default
 * silently.
 */
public final class ConfigLoader {
    private static final String ENV_PREFIX = "HOMEWARD_";

    private ConfigLoader() {
    }

    /**
     * @param file      YAML file, or null for defaults only
     * @param overrides {@code --set} values by key
     * @param env       environment variables (pass {@code System.getenv()})
     */
    public static GatewayConfig load(Path file, Map<String, String> overrides, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        GatewaySettings.ALL.forEach((k, s) -> values.put(k, s.defaultValue()));

        if (file != null) {
            readYaml(file, problems).forEach((key, raw) -> apply(file.toString(), key, raw, values, problems));
        }
        for (Setting s : GatewaySettings.ALL.values()) {
            String name = envName(s.key());
            if (env.containsKey(name)) {
                apply("environment " + name, s.key(), env.get(name), values, problems);
            }
        }
        overrides.forEach((key, raw) -> apply("--set", key, raw, values, problems));
        checkProfile(values, problems);
        checkHttpTls(values, problems);
        checkCoapsX509(values, problems);
        ClusterChecks.check(values, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new GatewayConfig(values, file);
    }

    /** The environment variable that overrides a key. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void apply(String where, String key, Object raw, Map<String, Object> values, List<String> problems) {
        Setting s = GatewaySettings.ALL.get(key);
        if (s == null) {
            problems.add(where + ": " + key + ": unknown setting" + suggestion(key));
            return;
        }
        try {
            values.put(key, SettingParser.parse(s, raw));
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + key + " = '" + raw + "': " + e.getMessage());
        }
    }

    private static String suggestion(String key) {
        String tail = key.contains(".") ? key.substring(key.lastIndexOf('.') + 1) : key;
        for (String known : GatewaySettings.ALL.keySet()) {
            if (known.endsWith("." + tail) || known.equals(tail)) {
                return " (did you mean " + known + "?)";
            }
        }
        return "";
    }

    private static void checkProfile(Map<String, Object> values, List<String> problems) {
        if (!"production".equals(values.get(GatewaySettings.PROFILE.key()))) {
            return;
        }
        for (Setting plain : List.of(GatewaySettings.MQTT_ENABLED, GatewaySettings.COAP_ENABLED)) {
            if (Boolean.TRUE.equals(values.get(plain.key()))) {
                problems.add("profile production: " + plain.key() + " = true: plain-text device listeners are not"
                        + " allowed in production; use mqtt.tls / coaps");
            }
        }
        if (Boolean.TRUE.equals(values.get(GatewaySettings.HTTP_ENABLED.key()))
                && Boolean.FALSE.equals(values.get(GatewaySettings.HTTP_TLS_ENABLED.key()))) {
            problems.add("profile production: http.tls.enabled = false: the web port must use HTTPS"
                    + " (set http.tls.cert and http.tls.key)");
        }
        if (Boolean.FALSE.equals(values.get(GatewaySettings.HTTP_SECURE_COOKIES.key()))) {
            problems.add("profile production: http.secure-cookies = false: sessions must only travel over HTTPS");
        }
    }

    private static void checkHttpTls(Map<String, Object> values, List<String> problems) {
        if (!Boolean.TRUE.equals(values.get(GatewaySettings.HTTP_TLS_ENABLED.key()))) {
            return;
        }
        for (Setting file : List.of(GatewaySettings.HTTP_TLS_CERT, GatewaySettings.HTTP_TLS_KEY)) {
            Object v = values.get(file.key());
            if (v == null || v.toString().isEmpty()) {
                problems.add("http.tls.enabled = true: " + file.key() + " must name a PEM file");
            }
        }
    }

    private static void checkCoapsX509(Map<String, Object> values, List<String> problems) {
        if (!Boolean.TRUE.equals(values.get(GatewaySettings.COAPS_X509_ENABLED.key()))) {
            return;
        }
        for (Setting file : List.of(GatewaySettings.COAPS_X509_CERT, GatewaySettings.COAPS_X509_KEY,
                GatewaySettings.COAPS_X509_CLIENT_CA)) {
            Object v = values.get(file.key());
            if (v == null || v.toString().isEmpty()) {
                problems.add("coaps.x509.enabled = true: " + file.key() + " must name a PEM file");
            } else if (!Files.isRegularFile(Path.of(v.toString()))) {
                problems.add(file.key() + ": no such file " + v);
            } else if (!Files.isReadable(Path.of(v.toString()))) {
                problems.add(file.key() + ": " + v + " is not readable by this user");
            }
        }
    }

    /** Flattens the YAML tree into dotted keys; scalar leaves only. */
    private static Map<String, Object> readYaml(Path file, List<String> problems) {
        Map<String, Object> flat = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            problems.add(file + ": no such file");
            return flat;
        }
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) {
                return flat;
            }
            if (!root.isObject()) {
                problems.add(file + ": the top level must be a mapping of settings");
                return flat;
            }
            flatten("", root, flat, file, problems);
        } catch (IOException e) {
            problems.add(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> flat, Path file, List<String> problems) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(key, v, flat, file, problems);
            } else if (v.isArray()) {
                problems.add(file + ": " + key + ": lists are not settings");
            } else {
                flat.put(key, v.isNull() ? null : v.asText());
            }
        }
    }
}
