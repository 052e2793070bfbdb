package org.homeward.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.homeward.sim.SimMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(60)
class ProxyCommandTest {
    @Test
    void runsForItsDurationPrintingWhereItListensAndItsStats() {
        StringWriter out = new StringWriter();
        CommandLine cl = SimMain.commandLine();
        cl.setOut(new PrintWriter(out));
        int exit = cl.execute("proxy", "--listen-tcp", "0", "--upstream-tcp", "127.0.0.1:9", "--listen-udp", "127.0.0.1:0",
                "--upstream-udp", "127.0.0.1:9", "--profile", "cell-edge", "--seed", "1", "--loss", "0.1",
                "--duration", "1s", "--stats-interval", "300ms");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("proxy cell-edge: latency 200 ms", "loss 10.000 %", "tcp 127.0.0.1:",
                "udp 127.0.0.1:", "final tcp conns=0");
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        for (String[] args : new String[][] {{"proxy", "--listen-udp", "0", "--profile", "6g"},
            {"proxy", "--listen-udp", "0", "--loss", "1.5"}, {"proxy", "--listen-udp", "0", "--tcp-outage", "maybe"},
            {"proxy", "--profile", "4g"}, {"proxy", "--listen-tcp", "host:port"}}) {
            StringWriter err = new StringWriter();
            CommandLine cl = SimMain.commandLine();
            cl.setErr(new PrintWriter(err));
            cl.setOut(new PrintWriter(new StringWriter()));
            assertThat(cl.execute(args)).as(String.join(" ", args)).isNotZero();
            assertThat(err.toString()).as(String.join(" ", args)).isNotBlank();
        }
    }

    @Test
    void helpListsTheProfiles() {
        StringWriter out = new StringWriter();
        CommandLine cl = SimMain.commandLine();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("proxy", "--help")).isZero();
        assertThat(out.toString()).contains("5g-a", "cell-edge", "--listen-udp", "--seed");
    }
}
