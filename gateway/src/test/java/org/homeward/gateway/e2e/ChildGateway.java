package org.homeward.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A gateway in a child JVM (same java, the test class path), started through the real command
 * line, so a test can kill it with SIGKILL and start it again on the same data directory.
 */
final class ChildGateway implements AutoCloseable {
    private final Path dataDir;
    private final Path log;
    private Process process;

    ChildGateway(Path dataDir) {
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + "-gateway.log");
    }

    ChildGateway start(Map<String, String> extra) throws IOException {
        Files.deleteIfExists(dataDir.resolve("ports.json"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.homeward.gateway.GatewayMain", "--config",
                Path.of(System.getProperty("homeward.repo.root", "..")).resolve("config/gateway.yaml").toString(),
                "--set", "data.dir=" + dataDir, "--set", "mqtt.port=0", "--set", "coaps.port=0",
                "--set", "http.port=0", "--set", "mqtt.host=127.0.0.1", "--set", "coap.host=127.0.0.1",
                "--set", "http.host=127.0.0.1"));
        extra.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited " + process.exitValue() + ": " + Files.readString(log));
            }
            return Files.exists(dataDir.resolve("ports.json"));
        });
        return this;
    }

    int port(String name) throws IOException {
        JsonNode ports = GatewayFixture.JSON.readTree(dataDir.resolve("ports.json").toFile());
        return ports.path(name).asInt();
    }

    /** SIGKILL: no shutdown hook, no flush. Waits until the process is gone. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
