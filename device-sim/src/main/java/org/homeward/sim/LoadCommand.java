package org.homeward.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.homeward.sim.load.LoadMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code load}: the benchmark load client (connection ramp, sustained throughput, fixed-rate latency,
 * reconnect storm, WebSocket probe) and its null sink, as used by {@code scripts/bench*.sh}. Every
 * argument after {@code load} goes to it; {@code load --help} lists them.
 */
@Command(name = "load", description = "Benchmark load client and null sink (docs/benchmarks.md); 'load --help' for options")
final class LoadCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return LoadMain.execute(args.toArray(new String[0]));
    }
}
