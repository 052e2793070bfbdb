package org.homeward.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.homeward.sim.load.LoadMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code load}: the benchmark load client (connection ramp, sustained throughput, fixed-rate latency,
 * reconnect storm, WebSocket probe) and its null sink, as used by {@code scripts/bench*.sh}. Every
 * argument after {@code load} goes to it; {@code load --help} lists them. {@code bench} is the same
 * command under its former name (the separate {@code bench} client was folded into it).
 */
@Command(name = "load", aliases = "bench",
        description = "Benchmark load client (Netty, or Paho with --client paho) and null sink (docs/benchmarks.md); "
                + "'load run --help' and 'load null-sink --help' for options")
final class LoadCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return LoadMain.execute(spec.commandLine().getOut(), spec.commandLine().getErr(), args.toArray(new String[0]));
    }
}
