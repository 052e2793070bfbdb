package org.homeward.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.homeward.sim.model.TraceCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class SimMainTest {
    @Test
    void everyCommandHasHelp() {
        for (List<String> args : List.of(List.of("--help"), List.of("run", "--help"), List.of("provision", "--help"),
                List.of("trace", "--help"), List.of("bench", "--help"),
                List.of("load", "--help"), List.of("load", "run", "--help"), List.of("proxy", "--help"))) {
            StringWriter out = new StringWriter();
            CommandLine cl = SimMain.commandLine();
            cl.setOut(new PrintWriter(out));
            assertThat(cl.execute(args.toArray(String[]::new))).as(args.toString()).isZero();
            assertThat(out.toString()).contains("Usage:");
        }
    }

    @Test
    void traceWritesCsvWithoutNetwork(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("t.csv");
        int exit = SimMain.commandLine().execute("trace", "--scenario", "neurotox", "--time-scale", "3600",
                "--oximeter-interval", "1s", "--patch-interval", "2s", "--status-interval", "10s", "--out", out.toString());
        assertThat(exit).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo(TraceCsv.HEADER);
        assertThat(lines).anyMatch(l -> l.contains(",event,") && l.contains(",ice,5,"));
        assertThat(lines).anyMatch(l -> l.contains(",temp,"));
        assertThat(lines).anyMatch(l -> l.contains(",sbp,"));
    }

    @Test
    void badOptionsExitNonZero(@TempDir Path dir) {
        CommandLine cl = SimMain.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("trace", "--duration", "soon")).isNotZero();
        assertThat(cl.execute("run", "--creds", dir.resolve("none.json").toString())).isNotZero();
    }
}
