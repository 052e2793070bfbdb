package org.homeward.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The load client's plumbing through the simulator's command line with both clients (the Netty
 * fleet and the Paho devices), and under its former name {@code bench}; no timing is asserted (that
 * is what the report is for).
 */
@Timeout(90)
class LoadAgainstMosquittoTest {
    @ParameterizedTest
    @CsvSource({"load,netty", "bench,paho"})
    void rampAndRatePublishAndWriteJsonAndMarkdown(String command, String client, @TempDir Path dir) throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir)) {
            Path out = dir.resolve("result");
            int exit = SimMain.commandLine().execute(command, "run", "--client", client, "--port", String.valueOf(broker.port),
                    "--anonymous", "--devices", "5", "--connect-rate", "50", "--phases", "ramp,rate", "--rate", "20",
                    "--warmup", "0.3", "--duration", "1", "--connect-timeout", "30", "--out", out.toString());
            assertThat(exit).isZero();
            String json = Files.readString(dir.resolve("result.json"));
            assertThat(json).contains("\"client\" : \"" + client + "\"", "\"connected\" : 5", "\"phase\" : \"rate\"",
                    "publish_to_puback");
            assertThat(json).doesNotContain("\"acked_per_s\" : 0.0");
            assertThat(Files.readString(dir.resolve("result.md"))).contains("| rate | value |");
        }
    }

    @Test
    void pahoRefusesPhasesItCannotRun() {
        CommandLine cl = SimMain.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("load", "run", "--client", "paho", "--port", "1", "--anonymous", "--devices", "1",
                "--phases", "ramp,storm")).isNotZero();
    }
}
