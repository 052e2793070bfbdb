package org.homeward.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code Setting<T>}: every setting reads back as its declared Java type, and a wrong getter does not compile. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TypedSettingsTest {
    @TempDir
    Path out;

    @Test
    void givenEverySetting_whenReadWithGet_thenTheValueIsOfItsDeclaredJavaTypeAndEqualsItsDefault() {
        GatewayConfig cfg = GatewayConfig.defaults();

        for (Setting<?> s : GatewaySettings.ALL.values()) {
            Object value = cfg.get(s);

            assertThat(value).as(s.key()).isInstanceOf(s.javaType());
            Object expected = switch (s.type()) {
                case PATH -> Path.of((String) s.defaultValue());
                case INT, PORT -> Math.toIntExact((Long) s.defaultValue());
                case DURATION -> Duration.ofMillis((Long) s.defaultValue());
                default -> s.defaultValue();
            };
            assertThat(value).as(s.key()).isEqualTo(expected);
        }
    }

    @Test
    void givenTypedSettings_whenReadWithTheirGetters_thenTheTypesLineUpWithoutCasts() {
        GatewayConfig cfg = ConfigLoader.load(null, Map.of("mqtt.port", "1999", "mqtt.connect-timeout", "3s"), Map.of());

        Setting<Integer> port = GatewaySettings.MQTT_PORT;
        Setting<Duration> timeout = GatewaySettings.MQTT_CONNECT_TIMEOUT;
        int p = cfg.integer(port);
        Duration t = cfg.get(timeout);

        assertThat(p).isEqualTo(1999);
        assertThat(t).isEqualTo(Duration.ofSeconds(3));
        assertThat(cfg.longValue(GatewaySettings.JOURNAL_MAX_BYTES)).isEqualTo(cfg.get(GatewaySettings.JOURNAL_MAX_BYTES));
    }

    @Test
    void givenASettingReadWithTheWrongGetter_whenCompiled_thenTheCompilerRefusesIt() {
        String wrong = "cfg.duration(org.homeward.gateway.config.GatewaySettings.MQTT_PORT)";
        String right = "cfg.get(org.homeward.gateway.config.GatewaySettings.MQTT_PORT)";

        assertThat(compile(right)).as("the right getter compiles").isEmpty();
        assertThat(compile(wrong)).contains("incompatible types")
                .contains("Setting<Integer> cannot be converted to Setting<Duration>");
    }

    /** Compiles one expression against the gateway's classes; returns the diagnostics (empty when it compiles). */
    private String compile(String expression) {
        String source = "class Probe { Object probe(org.homeward.gateway.config.GatewayConfig cfg) { return "
                + expression + "; } }";
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Probe.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        String classes = Path.of(GatewayConfig.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null,
                List.of("-classpath", classes, "-d", out.toString(), "-proc:none"), null, List.of(file)).call();
        return ok ? "" : diagnostics.toString();
    }
}
