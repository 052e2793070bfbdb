package org.homeward.gateway.forward.mqtt;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto on a free loopback port, with on-disk persistence in a temp folder so that a
 * stop/start keeps persistent sessions and their queued QoS 1 messages (as a production broker does).
 */
public final class MosquittoBroker implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    public final int port;
    private final Path config;
    private Process process;

    public MosquittoBroker(Path dir) throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path store = Files.createDirectories(dir.resolve("mosquitto-store"));
        config = dir.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + store + "/",
                "max_queued_messages 100000",
                "max_inflight_messages 0",
                "user root",
                ""));
        start();
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public void start() {
        try {
            process = new ProcessBuilder(BINARY.toString(), "-c", config.toString()).redirectErrorStream(true)
                    .redirectOutput(config.resolveSibling("mosquitto.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(20)).until(this::accepting);
    }

    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
